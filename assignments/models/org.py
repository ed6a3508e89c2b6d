"""The committee's organisation: wards (territory), members and committee groups."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ward(models.Model):
    """A territorial unit, identified by its General Statistics Office code."""

    code = models.CharField(
        _("mã"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Mã phường gồm đúng 5 chữ số."))],
        help_text=_("Mã đơn vị hành chính của Tổng cục Thống kê, ví dụ 00001."),
    )
    name = models.CharField(_("tên"), max_length=100)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("phường")
        verbose_name_plural = _("phường")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet):
    def active(self) -> "MemberQuerySet":
        return self.filter(active=True)


class Member(models.Model):
    """An Executive Committee member, with one login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="member",
        verbose_name=_("tài khoản"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    is_standing = models.BooleanField(_("Ủy viên Ban Thường vụ"), default=False)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    wards = models.ManyToManyField(
        Ward, blank=True, related_name="members", verbose_name=_("phụ trách địa bàn")
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ủy viên Ban Chấp hành")
        verbose_name_plural = _("Ủy viên Ban Chấp hành")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class Group(models.Model):
    """A committee group ("Tổ cấp ủy"), led by a Standing Committee member."""

    number = models.PositiveSmallIntegerField(_("số"), unique=True, validators=[MinValueValidator(1)])
    name = models.CharField(_("tên"), max_length=150)
    leader = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="led_groups",
        verbose_name=_("tổ trưởng"),
    )
    members = models.ManyToManyField(Member, related_name="member_groups", verbose_name=_("thành viên tổ"))
    wards = models.ManyToManyField(
        Ward, blank=True, related_name="groups", verbose_name=_("địa bàn phụ trách")
    )

    class Meta:
        verbose_name = _("tổ cấp ủy")
        verbose_name_plural = _("tổ cấp ủy")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="group_number_positive",
                violation_error_message=_("Số tổ phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Membership is a many-to-many, checked where the admin form saves it
        # (GroupAdmin) and in services; the leader's standing is a property of one row.
        if self.leader_id and not self.leader.is_standing:
            raise ValidationError(
                {"leader": _("Tổ trưởng phải là Ủy viên Ban Thường vụ.")}, code="leader_not_standing"
            )
