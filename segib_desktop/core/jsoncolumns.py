"""How the JSON columns are written and read, on both engines (the ORM's and the import's bulk writes alike)."""

from __future__ import annotations


def json_text(value) -> str:
    """How every JSON column stores its value (the ORM's and the import's bulk writes alike): orjson's
    compact text, accents as they are; keys that are not text become text, as the json module makes them.
    What orjson cannot write (a whole number beyond 64 bits) is written by the json module, compactly too.
    JSON has no NaN or infinity: orjson writes them as null."""
    import orjson

    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # keys that are not text (the option slows every call down), or a huge number
        try:
            return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
        except orjson.JSONEncodeError:
            import json

            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_value(stored: str):
    """A JSON column's value from its text, also the text the json module wrote before orjson (which may
    hold what orjson does not read: NaN, Infinity). orjson reads a whole number beyond 64 bits as a float."""
    import orjson

    try:
        return orjson.loads(stored)
    except orjson.JSONDecodeError:
        import json

        return json.loads(stored)
