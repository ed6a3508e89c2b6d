"""The assigning documents (văn bản giao việc): the list, a document's page with its
figures, tasks and files, and registering or editing one.

A reader sees the documents `selectors.documents_visible_to` gives (a document one of
whose tasks they may read; every one for the office and the Standing Committee); any
other is a 404. The figures are those of the tasks the reader may read, counted for the
whole page in one query (`summaries.figures_by_document`). Registering is the office's
and the group leaders' (`roles.registers_documents`), editing and the files who may
change the document (`roles.edits_document`); the services decide, and their refusals
are shown next to the fields (400) or as the 403 page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from assignments import roles, selectors, services
from assignments.choices import DocumentKind
from assignments.exceptions import InvalidTransition, NotPermitted
from assignments.files import checks
from assignments.filtersets import DocumentFilterSet
from assignments.models import Attachment, Document, Group
from assignments.services.documents import (
    ONLY_OFFICE_OR_LEADER_REGISTERS,
    ONLY_OFFICE_OR_REGISTRAR_EDITS,
    DocumentSpec,
)
from assignments.summaries import FIGURE_LABELS, Figures, figures_by_document
from taskforce import uploads
from web import forms
from web.views.base import URGENCY, PageMixin
from web.views.files import with_files

PAGE_SIZE = 50


CHECK_FIELDS = _("Nothing was saved: see the messages next to the fields.")


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    figures: Figures


def load_document(user: Any, pk: int) -> Document:
    """The document with its files, if `user` may read it; a 404 otherwise."""
    documents = (
        selectors.documents_visible_to(user)
        .select_related("created_by__member")
        .prefetch_related(with_files())
    )
    try:
        return documents.get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


class DocumentListView(PageMixin, TemplateView):
    template_name = "web/documents.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        documents = selectors.documents_visible_to(user).order_by("-issued_on", "-id")
        # A parameter naming no filter is an error on the page, as in the API.
        # The form sends its empty choices ("all kinds", no words): they filter nothing.
        params = self.request.GET.copy()
        for key in list(params):
            values = [value for value in params.getlist(key) if value]
            if values:
                params.setlist(key, values)
            else:
                del params[key]
        filters = DocumentFilterSet(params, queryset=documents, request=self.request, accepted=["page"])
        listed = filters.qs if filters.is_valid() else documents.none()
        page = Paginator(listed, PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        figures = figures_by_document(user, rows)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            page=page,
            rows=[DocumentRow(d, figures[d.pk]) for d in rows],
            labels=FIGURE_LABELS,
            query=query.urlencode(),
            may_register=roles.registers_documents(user),
            filtered=any(k != "page" for k in params),
            kinds=DocumentKind.choices,
            chosen_kinds=self.request.GET.getlist("kind"),
            q=self.request.GET.get("q", ""),
        )
        return context


@dataclass(frozen=True)
class DocumentFileRow:
    attachment: Attachment
    withdraw_form: django_forms.Form | None


def document_page(
    request: HttpRequest,
    document: Document,
    *,
    file_form: forms.DocumentFileForm | None = None,
    withdraw_form: forms.WithdrawDocumentFileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    edits = roles.edits_document(user, document)
    current: list[DocumentFileRow] = []
    withdrawn: list[DocumentFileRow] = []
    for attachment in document.attachments.all():
        form = None
        if edits and not attachment.withdrawn:
            if withdraw_form is not None and str(withdraw_form.data.get("attachment", "")) == str(
                attachment.pk
            ):
                form = withdraw_form
            else:
                form = forms.WithdrawDocumentFileForm(
                    auto_id=f"id_withdraw_{attachment.pk}_%s", initial={"attachment": attachment.pk}
                )
        (withdrawn if attachment.withdrawn else current).append(DocumentFileRow(attachment, form))
    tasks = list(
        selectors.tasks_visible_to(user)
        .filter(document=document)
        .for_cards()
        .annotate(urgency=URGENCY)
        .order_by("urgency", "due_date", "id")
    )
    context = {
        "document": document,
        "figures": figures_by_document(user, [document])[document.pk],
        "labels": FIGURE_LABELS,
        "tasks": tasks,
        "files": {"current": current, "withdrawn": withdrawn},
        "edits": edits,
        "file_form": file_form or (forms.DocumentFileForm(auto_id="id_file_%s") if edits else None),
        "assign_in": groups_assigned_by(user),
    }
    return render(request, "web/document_detail.html", context, status=status)


def groups_assigned_by(user: Any) -> list[Group]:
    """The groups `user` may assign tasks to, by the one rule (roles.assigns_in, which reads
    a group's leader from the row: one query for them all)."""
    return [group for group in Group.objects.order_by("number") if roles.assigns_in(user, group)]


class DocumentDetailView(PageMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return document_page(request, load_document(request.user, pk))


class DocumentFileAddView(PageMixin, View):
    """A file attached to the document (a multipart POST); a refused file is said next to the field."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("web:document", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = load_document(request.user, pk)
        form = forms.DocumentFileForm(request.POST, request.FILES, auto_id="id_file_%s")
        if uploads.refused(request):
            forms.add_service_errors(form, checks.too_large())
            return self._refused(request, document, form)
        if not form.is_valid():
            return self._refused(request, document, form)
        try:
            attachment = services.document_file_add(
                document=document, actor=roles.signed_in(request.user), upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
            return self._refused(request, document, form)
        except NotPermitted as error:
            raise PermissionDenied(error.message) from None
        messages.success(request, gettext("The file “%(name)s” is attached.") % {"name": attachment.name})
        return redirect("web:document", pk=pk)

    def _refused(
        self, request: HttpRequest, document: Document, form: forms.DocumentFileForm
    ) -> HttpResponse:
        messages.error(request, CHECK_FIELDS)
        return document_page(request, load_document(request.user, document.pk), file_form=form, status=400)


class DocumentFileWithdrawView(PageMixin, View):
    """One of the document's files withdrawn, with a reason: it stays in the record."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("web:document", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = load_document(request.user, pk)
        form = forms.WithdrawDocumentFileForm(request.POST, auto_id="id_withdraw_%s")
        if not form.is_valid():
            return self._refused(request, document, form)
        attachment = next(
            (a for a in document.attachments.all() if a.pk == form.cleaned_data["attachment"]), None
        )
        if attachment is None:
            raise Http404
        try:
            services.attachment_withdraw(
                attachment=attachment, actor=roles.signed_in(request.user), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
            return self._refused(request, document, form)
        except NotPermitted as error:
            raise PermissionDenied(error.message) from None
        except InvalidTransition as error:
            messages.error(request, error.message)
            return document_page(request, load_document(request.user, pk), status=409)
        messages.success(
            request,
            gettext("The file “%(name)s” is withdrawn: it stays in the record, with your reason.")
            % {"name": attachment.name},
        )
        return redirect("web:document", pk=pk)

    def _refused(
        self, request: HttpRequest, document: Document, form: forms.WithdrawDocumentFileForm
    ) -> HttpResponse:
        messages.error(request, CHECK_FIELDS)
        return document_page(
            request, load_document(request.user, document.pk), withdraw_form=form, status=400
        )


class DocumentCreateView(PageMixin, View):
    template_name = "web/document_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not roles.registers_documents(request.user):
            raise PermissionDenied(ONLY_OFFICE_OR_LEADER_REGISTERS)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(forms.DocumentForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.DocumentForm(request.POST)
        if form.is_valid():
            try:
                document = services.document_create(
                    actor=roles.signed_in(request.user), **form.service_arguments()
                )
            except ValidationError as error:
                forms.add_service_errors(form, error)
            except NotPermitted as error:
                raise PermissionDenied(error.message) from None
            else:
                messages.success(
                    request, gettext("The document “%(title)s” is registered.") % {"title": str(document)}
                )
                return redirect("web:document", pk=document.pk)
        messages.error(
            request, gettext("The document was not registered: see the messages next to the fields.")
        )
        return self._page(form, status=400)

    def _page(self, form: forms.DocumentForm, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, {"form": form, "document": None}, status=status)


class DocumentEditView(PageMixin, View):
    template_name = "web/document_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.document = load_document(request.user, kwargs["pk"])
            if not roles.edits_document(request.user, self.document):
                raise PermissionDenied(ONLY_OFFICE_OR_REGISTRAR_EDITS)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(forms.DocumentForm(initial=forms.DocumentForm.initial_of(self.document)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = forms.DocumentForm(request.POST)
        if form.is_valid():
            try:
                document = services.document_update(
                    self.document,
                    actor=roles.signed_in(request.user),
                    changes=cast(DocumentSpec, form.service_arguments()),
                )
            except ValidationError as error:
                forms.add_service_errors(form, error)
            except NotPermitted as error:
                raise PermissionDenied(error.message) from None
            else:
                messages.success(
                    request, gettext("The document “%(title)s” is saved.") % {"title": str(document)}
                )
                return redirect("web:document", pk=document.pk)
        messages.error(request, CHECK_FIELDS)
        return self._page(form, status=400)

    def _page(self, form: forms.DocumentForm, status: int = 200) -> HttpResponse:
        return render(
            self.request, self.template_name, {"form": form, "document": self.document}, status=status
        )
