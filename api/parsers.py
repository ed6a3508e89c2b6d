"""The JSON parser of the API: DRF's, which also refuses JSON nested too deep to read.

Python's `json` reads nested arrays and objects by recursion: a body of 100,000 `[`
raises RecursionError, which DRF's parser (catching ValueError only) lets through as a
500. Here it is a 400 `parse_error`, like any other body that is not JSON.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError() from None
