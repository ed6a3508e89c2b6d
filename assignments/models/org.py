"""The committee's organisation: wards (territory), members and committee groups."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.text import search_document


class Ward(models.Model):
    """A territorial unit, identified by its General Statistics Office code."""

    code = models.CharField(
        _("code"),
        max_length=limits.WARD_CODE_MAX,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("A ward code has exactly 5 digits."))],
        help_text=_("The General Statistics Office code of the unit, e.g. 00001."),
    )
    name = models.CharField(_("name"), max_length=limits.WARD_NAME_MAX)
    active = models.BooleanField(_("active"), default=True)
    # What `q=` searches, folded: the code and the name. Kept by assignments/search.py
    # `ward_saved`, which every write of a ward calls.
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("ward")
        verbose_name_plural = _("ward")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> list[str]:
        """Recompute `search_text`; the fields this changed, for `save(update_fields=...)`."""
        text = search_document(self.code, self.name)
        if text == self.search_text:
            return []
        self.search_text = text
        return ["search_text"]


class MemberQuerySet(models.QuerySet):
    def active(self) -> "MemberQuerySet":
        return self.filter(active=True)


class Member(models.Model):
    """An Executive Committee member, with one login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="member",
        verbose_name=_("login"),
    )
    full_name = models.CharField(_("full name"), max_length=limits.MEMBER_NAME_MAX)
    title = models.CharField(_("position"), max_length=limits.MEMBER_TITLE_MAX, blank=True)
    phone = models.CharField(_("phone"), max_length=limits.PHONE_MAX, blank=True)
    is_standing = models.BooleanField(_("Standing Committee member"), default=False)
    active = models.BooleanField(_("active"), default=True)
    wards = models.ManyToManyField(
        Ward, blank=True, related_name="members", verbose_name=_("in charge of a territory")
    )
    # What `q=` searches, folded: the full name and the title. Kept by
    # assignments/search.py `member_saved`, which every write of a member calls.
    search_text = models.TextField(_("search text"), editable=False, default="")

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Executive Committee member")
        verbose_name_plural = _("Executive Committee member")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def refresh_search_text(self) -> list[str]:
        """Recompute `search_text`; the fields this changed, for `save(update_fields=...)`."""
        text = search_document(self.full_name, self.title)
        if text == self.search_text:
            return []
        self.search_text = text
        return ["search_text"]


class Group(models.Model):
    """A committee group ("Tổ cấp ủy"), led by a Standing Committee member."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(limits.SMALL_INT_MAX)]
    )
    name = models.CharField(_("name"), max_length=limits.GROUP_NAME_MAX)
    leader = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="led_groups",
        verbose_name=_("group leader"),
    )
    members = models.ManyToManyField(Member, related_name="member_groups", verbose_name=_("group members"))
    wards = models.ManyToManyField(Ward, blank=True, related_name="groups", verbose_name=_("wards"))

    class Meta:
        verbose_name = _("committee group")
        verbose_name_plural = _("committee group")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="group_number_positive",
                violation_error_message=_("A group number is 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Membership is a many-to-many, checked where the admin form saves it
        # (GroupAdmin) and in services; the leader's standing is a property of one row.
        if self.leader_id and not self.leader.is_standing:
            raise ValidationError(
                {"leader": _("The group leader must be a Standing Committee member.")},
                code="leader_not_standing",
            )
