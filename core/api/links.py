"""OpenAPI links from what a create answers to what can be done with it next.

`POST /api/stories/` answers the new story with its `id`; every operation under
`/api/stories/{id}/` takes that id. Saying so in the schema (a `links` entry per operation on
the 201 answer) lets a client, or a stateful fuzzer, follow a story from its creation to its
generation, refinements, exports and deletion.
"""

from __future__ import annotations

METHODS = ("get", "put", "patch", "post", "delete")


def _creates(paths: dict):
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if created is not None and "{" not in path:
            yield path, created


def link_created_objects(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: add the links described above."""
    paths = result.get("paths", {})
    for collection, created in _creates(paths):
        member = f"{collection}{{id}}/"
        links = {}
        for path, operations in paths.items():
            if not path.startswith(member):
                continue
            for method in METHODS:
                operation = operations.get(method)
                if operation and operation.get("operationId"):
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"],
                        "parameters": {"path.id": "$response.body#/id"},
                    }
        if links:
            created["links"] = links
    return result
