"""The filters of `documents/` (docs/api.md, "Documents")."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assignments.choices import DocumentKind
from assignments.filtersets.base import DateFilter, FilterSet, InFilter, SearchFilter
from assignments.models import Document
from assignments.text import normalize_text


class DocumentFilterSet(FilterSet):
    kind = InFilter(
        choices=DocumentKind.choices,
        distinct=False,
        help_text=_("Documents of this kind; repeatable: kind=resolution&kind=conclusion."),
    )
    issued_after = DateFilter(
        field_name="issued_on", lookup_expr="gte", help_text=_("Issued on or after this date (YYYY-MM-DD).")
    )
    issued_before = DateFilter(
        field_name="issued_on", lookup_expr="lte", help_text=_("Issued on or before this date (YYYY-MM-DD).")
    )
    issuer = filters.CharFilter(
        method="filter_issuer",
        help_text=_("Documents of this issuing body, as written (`Ban Thường vụ Quận ủy`)."),
    )
    created_by = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Documents registered by this login (user id).")
    )
    q = SearchFilter(
        help_text=_(
            "Words of the number and symbol, the issuing body or the excerpt, in any order; case and "
            "accents aside (`15 kl` finds “15-KL/QU”, `cai cach` finds “cải cách”)."
        )
    )

    class Meta:
        model = Document
        fields = ["kind", "issued_after", "issued_before", "issuer", "created_by", "q"]

    def filter_issuer(self, queryset: QuerySet[Document], name: str, value: str) -> QuerySet[Document]:
        # Stored NFC (the services): a phone's decomposed "Thường" is the same issuer.
        return queryset.filter(issuer=normalize_text(value))
