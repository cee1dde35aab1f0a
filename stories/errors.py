from genstory.errors import Conflict, DomainError


class StoryHasNoScenes(Conflict):
    default_message = "The story has no scenes yet: generate its content first."


class JobAlreadyActive(Conflict):
    default_message = "A job is already queued or running on this story; wait for it to finish."


class InvalidCharacters(DomainError):
    default_message = "Unknown character ids."


class AudienceChangeNeedsAdjustment(DomainError):
    default_message = (
        "This story already has content: change its audience with POST /api/stories/{id}/adjust-audience/, "
        "which rewrites the text for the new readers."
    )
