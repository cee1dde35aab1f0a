from genstory.errors import Conflict, DomainError


class RewriteUnchanged(DomainError):
    default_message = "The rewrite came back identical to the original text; nothing was changed."


class SceneKeptChanging(Conflict):
    default_message = "The story kept changing while it was being rewritten; try again."


class SameAudience(DomainError):
    default_message = "The story is already written for that audience."


class SceneNotFound(DomainError):
    status_code = 404
    default_message = "Not found."
