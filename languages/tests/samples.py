"""A short scene in each of a representative set of languages, for export and narration tests.

Real sentences (a fox climbs a hill and says good night to the moon), one per script family:
Latin (en, es), Cyrillic (ru), Greek (el), Arabic (ar, fa, ur), Hebrew (he), Devanagari (hi),
Thai (th), Han (zh), kana and kanji (ja), Hangul (ko).
"""

from __future__ import annotations

SAMPLES: dict[str, dict[str, str]] = {
    "en": {
        "title": "The Fox and the Moon",
        "scene_title": "The hill at night",
        "content": "Fern climbed the hill at night. The moon was round and bright, and she smiled at it."
        '\n\nShe whispered, "Good night, Moon," and went home to sleep.',
    },
    "es": {
        "title": "La zorra y la luna",
        "scene_title": "La colina de noche",
        "content": "Fern subió la colina de noche. La luna era redonda y brillante, y ella le sonrió."
        "\n\n—Buenas noches, luna —susurró, y volvió a casa a dormir. ¡Qué noche tan bonita!",
    },
    "ru": {
        "title": "Лиса и луна",
        "scene_title": "Холм ночью",
        "content": "Ночью Ферн поднялась на холм. Луна была круглая и яркая, и лиса улыбнулась ей."
        "\n\n«Спокойной ночи, луна», — прошептала она и пошла домой спать.",
    },
    "el": {
        "title": "Η αλεπού και το φεγγάρι",
        "scene_title": "Ο λόφος τη νύχτα",
        "content": "Η Φερν ανέβηκε στον λόφο τη νύχτα. Το φεγγάρι ήταν στρογγυλό και λαμπερό, "
        "και εκείνη του χαμογέλασε.\n\n«Καληνύχτα, φεγγάρι», ψιθύρισε, και γύρισε σπίτι να κοιμηθεί.",
    },
    "ar": {
        "title": "الثعلبة والقمر",
        "scene_title": "التلّ في الليل",
        "content": "صعدت فيرن التلّ في الليل. كان القمر مستديرًا ومضيئًا، فابتسمت له."
        "\n\nهمست: «تصبح على خير يا قمر»، ثم عادت إلى البيت لتنام.",
    },
    "fa": {
        "title": "روباه و ماه",
        "scene_title": "تپه در شب",
        "content": "شب، فرن از تپه بالا رفت. ماه گرد و روشن بود و او به ماه لبخند زد."
        "\n\nآهسته گفت: «شب بخیر، ماه.» و به خانه رفت تا بخوابد.",
    },
    "ur": {
        "title": "لومڑی اور چاند",
        "scene_title": "رات کو پہاڑی",
        "content": "رات کو فرن پہاڑی پر چڑھ گئی۔ چاند گول اور روشن تھا، اور وہ اسے دیکھ کر مسکرائی۔"
        "\n\nاس نے آہستہ سے کہا: شب بخیر، چاند۔ پھر وہ سونے کے لیے گھر چلی گئی۔",
    },
    "he": {
        "title": "השועלה והירח",
        "scene_title": "הגבעה בלילה",
        "content": "פרן טיפסה על הגבעה בלילה. הירח היה עגול ומאיר, והיא חייכה אליו."
        "\n\nהיא לחשה לילה טוב לירח, וחזרה הביתה לישון.",
    },
    "hi": {
        "title": "लोमड़ी और चाँद",
        "scene_title": "रात में पहाड़ी",
        "content": "रात को फ़र्न पहाड़ी पर चढ़ी। चाँद गोल और चमकीला था, और वह उसे देखकर मुस्कुराई।"
        "\n\nउसने धीरे से कहा, शुभ रात्रि, चाँद। फिर वह सोने के लिए घर लौट गई।",
    },
    "th": {
        "title": "จิ้งจอกกับดวงจันทร์",
        "scene_title": "เนินเขายามค่ำคืน",
        "content": "คืนนั้นเฟิร์นปีนขึ้นไปบนเนินเขา ดวงจันทร์กลมและสว่างมาก เธอยิ้มให้ดวงจันทร์"
        "\n\nเธอกระซิบว่า ราตรีสวัสดิ์นะดวงจันทร์ แล้วก็กลับบ้านไปนอน",
    },
    "zh": {
        "title": "狐狸和月亮",
        "scene_title": "夜里的小山",
        "content": "夜里，小狐狸芬恩爬上了小山。月亮又圆又亮，她对着月亮笑了。"
        "\n\n她轻轻地说：“晚安，月亮。”然后回家睡觉了。",
    },
    "ja": {
        "title": "きつねとおつきさま",
        "scene_title": "夜のおか",
        "content": "夜になると、きつねのファーンはおかにのぼりました。"
        "おつきさまはまるくて、ひかっていました。"
        "\n\nファーンは「おやすみなさい、おつきさま」といって、おうちにかえってねむりました。",
    },
    "ko": {
        "title": "여우와 달",
        "scene_title": "밤의 언덕",
        "content": "밤이 되자 여우 펀은 언덕에 올라갔어요. 달은 둥글고 밝았고, 펀은 달을 보며 웃었어요."
        '\n\n"잘 자, 달님." 펀은 속삭이고 집으로 돌아가 잠을 잤어요.',
    },
}
