"""Briefs: how a related object appears inside another ({"id", "name", ...}).

One brief per resource, reused wherever the object is nested, so a phone draws a list
without a call per row. The views prefetch what the briefs read.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.models import Document, Group, Member, Process, Target, Ward


class WardBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ward
        fields = ["id", "code", "name"]
        read_only_fields = fields


class MemberBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name"]
        read_only_fields = fields


class GroupBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "number", "name"]
        read_only_fields = fields


class ProcessBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Process
        fields = ["id", "name"]
        read_only_fields = fields


class TargetBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "code", "name"]
        read_only_fields = fields


class DocumentBriefSerializer(serializers.ModelSerializer):
    """A task's assigning document: its number and symbol, kind, and how it reads
    ("Kết luận số 15-KL/QU")."""

    title = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Document
        fields = ["id", "number", "kind", "title"]
        read_only_fields = fields


def document_brief(document: Document | None) -> dict[str, object] | None:
    """`DocumentBriefSerializer`'s document, written by hand for the task list's speed."""
    if document is None:
        return None
    return {"id": document.id, "number": document.number, "kind": document.kind, "title": str(document)}


class UserBriefSerializer(serializers.Serializer):
    """A login (who assigned, acted, wrote): the member's full name, else the username."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_name(self, user) -> str:
        try:
            return user.member.full_name
        except ObjectDoesNotExist:  # the office's logins have no member record
            return user.get_username()
