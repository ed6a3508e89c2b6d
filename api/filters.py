"""The filter backend of every list: django-filter's, refusing parameters it does not know.

A list answers 400 naming a query parameter that is neither one of its filters
(assignments/filtersets/) nor one the API reads itself: the page (`page`,
`page_size`) and the format (`format`). A typo (`stauts=done`) or a filter that does
not exist (`extended=true` before it did) would otherwise answer every row, and the
client would believe it had filtered. A view reading more parameters itself names them
in `query_parameters`. Only lists are checked: a detail ignores its query string.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from assignments.filtersets import FilterSet


def accepted_parameters(view: Any) -> set[str]:
    """The query parameters a list reads besides its filters."""
    names = {api_settings.URL_FORMAT_OVERRIDE, *getattr(view, "query_parameters", ())}
    paginator = getattr(view, "paginator", None)
    for attribute in ("page_query_param", "page_size_query_param", "cursor_query_param"):
        if name := getattr(paginator, attribute, None):
            names.add(name)
    names.discard(None)
    return names


def is_list(view: Any) -> bool:
    return getattr(view, "action", None) == "list"


class FilterBackend(DjangoFilterBackend):
    # The backend is handed DRF's Request (query_params below); the stubs say HttpRequest.
    def get_filterset_kwargs(  # type: ignore[override]
        self, request: Request, queryset: QuerySet, view: Any
    ) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if is_list(view) and filterset_class is not None and issubclass(filterset_class, FilterSet):
            kwargs["accepted"] = accepted_parameters(view)
        return kwargs

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:  # type: ignore[override]
        if is_list(view) and self.get_filterset_class(view, queryset) is None:
            # A list with no filters still refuses parameters: it would ignore them all.
            filterset = FilterSet(request.query_params, queryset, accepted=accepted_parameters(view))
            if not filterset.is_valid():
                # DRF's ValidationError, which the stubs type as the dict it is built from.
                raise cast(ValidationError, utils.translate_validation(filterset.errors))
            return queryset
        return super().filter_queryset(request, queryset, view)
