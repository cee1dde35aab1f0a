"""The quality report in the story's language: measured where a formula exists, "not measured"
where none does, and names, cast and repetition found in scripts written without spaces."""

from ai.offline.moderation import OfflineModerationProvider
from stories.quality import SceneText, StoryText, judge, quality_checks, scene_misses

JAPANESE_SCENES = [
    "ハナは森の入り口で赤い石を見つけました。石はきらきら光っていました。",
    "ハナとソラは川のそばを歩きました。冷たい風が木の葉をゆらしました。",
    "大きな嵐が来ました。ソラは古い橋をわたるのがこわかったです。ハナはそばにいました。",
    "ハナは手をにぎって、いっしょに橋をわたりました。空に虹が出ました。",
    "ハナとソラは家に帰って、あたたかいスープを飲みました。石はまどの上でかがやきました。",
]
TYPES = ["introduction", "rising_action", "climax", "falling_action", "conclusion"]


def story(scenes, language="ja", cast=("ハナ", "ソラ"), description="ハナは森で赤い石を見つけます。"):
    return StoryText(
        description=description,
        audience="toddlers_2_4",
        cast=cast,
        scenes=tuple(
            SceneText(scene_id=f"scene_{n}", type=TYPES[n - 1], content=text, characters_present=("ハナ",))
            for n, text in enumerate(scenes, start=1)
        ),
        language=language,
    )


def check(report, name):
    return next(item for item in report["checks"] if item["name"] == name)


def test_a_japanese_story_is_not_measured_and_says_so():
    report = judge(story(JAPANESE_SCENES))
    grade = check(report, "grade")
    assert (
        grade["passed"]
        and grade["detail"] == "Not measured: Japanese has no readability formula GenStory uses."
    )


def test_japanese_names_and_key_words_are_found_without_spaces():
    report = judge(story(JAPANESE_SCENES))
    assert check(report, "cast")["passed"], check(report, "cast")["detail"]
    assert check(report, "brief")["passed"], check(report, "brief")["detail"]
    assert check(report, "repetition")["passed"], check(report, "repetition")["detail"]
    missing = judge(story(JAPANESE_SCENES, cast=("ハナ", "タロウ")))
    assert "タロウ never appear(s) by name" in check(missing, "cast")["detail"]


def test_a_japanese_sentence_told_twice_is_caught():
    looped = [*JAPANESE_SCENES[:4], JAPANESE_SCENES[0]]
    repetition = check(judge(story(looped)), "repetition")
    assert not repetition["passed"] and "told 2 times" in repetition["detail"]


def test_a_japanese_story_counts_words_as_letters_over_letters_per_word():
    length = check(judge(story(JAPANESE_SCENES)), "length")
    assert length["value"] == 16  # the shortest scene (the fourth): 30 letters / 1.85


def test_a_spanish_scene_is_asked_for_its_band_on_fernandez_huerta():
    dense = (
        "La administración municipal desarrolló extraordinariamente complicadas negociaciones "
        "institucionales internacionales con representantes gubernamentales." * 3
    )
    misses = scene_misses(dense, audience="children_8_10", language="es")
    grade = next(miss for miss in misses if miss.check == "grade")
    assert "Fernández-Huerta score" in grade.sentence and "between 85 and 107.5" in grade.sentence
    assert "shorter sentences and simpler words" in grade.sentence
    assert not [
        miss
        for miss in scene_misses("ハナは森へ。" * 5, audience="children_8_10", language="ja")
        if miss.check == "grade"
    ]


def test_the_quality_listing_names_each_languages_measure_and_bands():
    grade = next(item for item in quality_checks() if item["name"] == "grade")["limits"]
    assert grade["measure_by_language"]["es"] == "fernandez_huerta"
    assert grade["measures"]["gulpease"]["bands"]["children_8_10"] == [75.0, 110.0]
    assert "ja" not in grade["measure_by_language"] and "not measured" in grade["other_languages"]


def test_the_offline_checker_says_it_reads_english_and_warns_on_other_text(caplog):
    checker = OfflineModerationProvider()
    assert checker.languages == frozenset({"en"})
    with caplog.at_level("WARNING", logger="genstory.moderation"):
        verdicts = checker.moderate(
            [
                "Una zorra que teme al agua aprende a nadar con sus amigos.",
                "A fox learns to swim with the ducks.",
            ]
        )
    assert [verdict.flagged for verdict in verdicts] == [False, False]
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1 and "cover en only" in warnings[0]
    with caplog.at_level("WARNING", logger="genstory.moderation"):
        assert checker.moderate(["A story about a bag of cocaine."])[0].flagged
