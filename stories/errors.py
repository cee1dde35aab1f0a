from ai.types import Usage
from core.errors import Conflict, DomainError, Forbidden, NotFound


class StoryHasNoScenes(Conflict):
    default_message = "The story has no scenes yet: generate its content first."


class UnknownScene(NotFound):
    """One message for every route that names a scene (read, edit, refine, illustrate, narrate)."""

    SHOWN_LENGTH = 40

    def __init__(self, scene_id: str):
        shown = scene_id if len(scene_id) <= self.SHOWN_LENGTH else f"{scene_id[: self.SHOWN_LENGTH]}…"
        super().__init__(f'The story has no scene "{shown}".')


class StoryMovedOn(Conflict):
    """A revert confirmed against a version of the story that is no longer its current one."""

    default_message = "The story changed since this revert was reviewed; review it again."


class ChangedWhileChecked(Conflict):
    """What a request's text was checked against changed before it could be written."""

    default_message = (
        "The story or a character changed while this request's text was being checked; "
        "send the request again."
    )


class InvalidCharacters(DomainError):
    default_message = "Unknown character ids."


class AudienceChangeNeedsAdjustment(DomainError):
    template = (
        "This story already has content: change its audience with POST "
        "/api/stories/{story_id}/adjust-audience/, which rewrites the text for the new readers."
    )

    def __init__(self, story_id: int):
        super().__init__(self.template.format(story_id=story_id))


class LanguageChangeNeedsTranslation(DomainError):
    template = (
        "This story already has content: a story in another language is made with POST "
        "/api/stories/{story_id}/translate/, which keeps this one and writes a translation."
    )

    def __init__(self, story_id: int):
        super().__init__(self.template.format(story_id=story_id))


class UnsafeText(DomainError):
    """User text that its readers' moderation rule refuses. The message never says what was flagged."""

    default_message = "This text can't be used for a children's story."


class ModerationUnavailable(DomainError):
    status_code = 503
    default_message = (
        "The safety check for new text is unavailable right now; please try again shortly. "
        "(Operators: the moderation service chosen by MODERATION_PROVIDER did not answer.)"
    )


class UnsafeGeneratedText(DomainError):
    """Generated text that its readers' moderation rule refuses; the job fails, nothing is stored.

    It carries what the provider spent writing the text, so the failed job still records it.
    """

    default_message = (
        "The generated text did not pass the child-safety check, so nothing was saved. "
        "Try again, or change the brief."
    )

    def __init__(self, message: str | None = None, *, usage: Usage | None = None, model: str = ""):
        super().__init__(message)
        self.usage = usage
        self.model = model


class AlreadyCurrentVersion(Conflict):
    default_message = "That version is already the story's current version; nothing to revert."


class VersionNotFound(NotFound):
    pass


class StoryBusy(Conflict):
    default_message = "A job is queued or running on this story; delete it once the job has finished."


class CharacterInStories(Conflict):
    """A character that stories cast is not deleted: they would lose a member of their cast."""

    def __init__(self, *, name: str, stories: list[tuple[int, str]]):
        listed = ", ".join(f'#{pk} "{title}"' for pk, title in stories)
        count, them = (f"{len(stories)} stories", "them") if len(stories) > 1 else ("1 story", "it")
        super().__init__(f"{name} is in {count}: {listed}. Remove {name} from {them} first.")


class UnknownStories(DomainError):
    default_message = "Unknown story ids."


class BatchTooLarge(DomainError):
    default_message = "The batch holds too many stories."


class NotYourStory(Forbidden):
    """Staff read every story; changing one, or starting paid work on it, is its owner's alone."""

    default_message = (
        "Only the story's owner can change it or start work on it; staff may read it, and "
        "editors (the stories.revert_story permission) may revert it."
    )


class NotYourCharacter(Forbidden):
    default_message = "Only the character's owner can change or delete it; staff may read it."


class LanguageNotWritten(Conflict):
    """Work that writes text (a story, a rewrite, a translation into or from it), asked in a
    language the configured story provider cannot write."""

    template = (
        "The configured story provider ({provider}) cannot {doing} {name} ({native_name}); it writes "
        "{written}. Configure one that can: set OPENAI_API_KEY, and OPENAI_BASE_URL for a "
        "self-hosted OpenAI-compatible server (llama.cpp, Ollama, vLLM) running a model that writes "
        "{name}. GET /api/meta/languages/ lists which configured provider writes each language."
    )

    def __init__(self, *, provider: str, language, written: str, doing: str = "write"):
        super().__init__(
            self.template.format(
                provider=provider,
                doing=doing,
                name=language.name,
                native_name=language.native_name,
                written=written,
            )
        )
        self.language = language.id
