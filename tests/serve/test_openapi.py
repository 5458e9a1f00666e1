"""The API against its own OpenAPI document: every path answers as documented."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest

from tidings.serve.openapi import document

if TYPE_CHECKING:
    from starlette.testclient import TestClient

SPEC = document()


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return resolve(SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    return schema


def required(schema: dict[str, Any]) -> set[str]:
    schema = resolve(schema)
    found = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        found |= required(part)
    return found


def check(value: Any, schema: dict[str, Any], where: str) -> None:
    """The parts of JSON Schema the document uses: types, required keys, items."""
    schema = resolve(schema)
    for part in schema.get("allOf", []):
        check(value, part, where)
    kinds = schema.get("type")
    if kinds:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        python: dict[str, type | tuple[type, ...]] = {
            "object": dict, "array": list, "string": str, "integer": int,
            "number": (int, float), "null": type(None), "boolean": bool}
        assert any(isinstance(value, python[k]) for k in kinds), f"{where}: {value!r}"
    if isinstance(value, dict):
        missing = set(schema.get("required", [])) - value.keys()
        assert not missing, f"{where}: missing {missing}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check(value[key], sub, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            check(item, schema["items"], f"{where}[{n}]")


def example_url(path: str, operation: dict[str, Any]) -> str:
    query = {}
    for param in operation["parameters"]:
        if "example" not in param:
            continue
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", str(param["example"]))
        else:
            query[param["name"]] = param["example"]
    return path + ("?" + urlencode(query) if query else "")


@pytest.mark.parametrize("path", sorted(SPEC["paths"]))
def test_every_documented_path_answers_as_documented(client: TestClient, path: str) -> None:
    operation = SPEC["paths"][path]["get"]
    for url in (example_url(path, operation), example_url(path, {"parameters": [
            p for p in operation["parameters"] if p["in"] == "path"]})):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert required(schema) <= response.json().keys()
        check(response.json(), schema, url)


def test_the_served_document_is_this_one(client: TestClient) -> None:
    served = client.get("/api/openapi.json").json()
    assert served == SPEC
    assert served["openapi"].startswith("3.")


def test_every_api_route_is_documented(client: TestClient) -> None:
    from tidings.serve.api import ROUTES

    assert {r.path for r in ROUTES} == set(SPEC["paths"])


def test_error_responses_use_the_documented_shape(client: TestClient) -> None:
    body = client.get("/api/events?limit=-5").json()
    check(body, {"$ref": "#/components/schemas/Error"}, "error")
    assert required({"$ref": "#/components/schemas/Error"}) == {"error"}
