"""Public opinion as a picture, never a dossier.

Topic            the shared, editable taxonomy (giá cả, đất đai, tin giả…) with the
                 phrases that suggest it (``opinion.tagging``)
Collaborator     a person a unit names to file opinion notes for it (cộng tác viên dư luận)
Note             a phiếu nắm bắt dư luận: what people in a unit say about a topic in one
                 week, how widespread, their mood, their suggestions; never a citizen's
                 name, phone, address or ID (``opinion.privacy`` refuses them)
FeedbackTopic    the topic an officer confirmed for a piece of feedback or a question
EmergingNotice   "this topic rises sharply in several units this week", sent once per
                 topic, week and guiding board
Response         the correction (and bulletin) opened from a note or an emerging topic,
                 with the moment the topic was first reported, to measure the delay

Authorship: ``Note.filed_by`` is kept only so that the author may edit the note and
the gate can check it; no page, export or API lists or filters notes by author, and
statistics count notes by unit, topic, week, reach and mood only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tincoso.core import clock
from tincoso.units.models import Unit


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("tên"), max_length=120)
    keywords = models.TextField(_("cụm từ gợi ý (mỗi dòng một cụm)"), blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chủ đề dư luận")
        verbose_name_plural = _("chủ đề dư luận")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def phrases(self) -> list[str]:
        return [p.strip() for p in self.keywords.splitlines() if p.strip()]


class Collaborator(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("đơn vị"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("người dùng"))
    named_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("cộng tác viên dư luận")
        verbose_name_plural = _("cộng tác viên dư luận")
        constraints = [models.UniqueConstraint(fields=["unit", "user"],
                                               name="one_collaborator_per_unit_and_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class Reach(models.TextChoices):
    FEW = "few", _("Một số người")
    MANY = "many", _("Nhiều người")
    MOST = "most", _("Hầu hết")


class Mood(models.TextChoices):
    WORRIED = "worried", _("Lo lắng")
    SUPPORTIVE = "supportive", _("Đồng tình, ủng hộ")
    ANGRY = "angry", _("Bức xúc")
    MIXED = "mixed", _("Trái chiều")


class Note(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị"))
    week = models.DateField(_("tuần (thứ Hai)"), db_index=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="notes",
                              verbose_name=_("chủ đề"))
    summary = models.TextField(_("người dân nói gì (tóm tắt)"))
    reach = models.CharField(_("mức độ"), max_length=8, choices=Reach.choices)
    mood = models.CharField(_("tâm trạng"), max_length=12, choices=Mood.choices)
    suggestions = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    # Only for the edit permission; never shown in lists, never a filter.
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    filed_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("phiếu nắm bắt dư luận")
        verbose_name_plural = _("phiếu nắm bắt dư luận")
        ordering = ["-week", "-filed_at"]
        indexes = [models.Index(fields=["week", "topic"])]

    def __str__(self) -> str:
        return f"{self.topic} — {self.unit} ({self.week:%d/%m/%Y})"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


class FeedbackTopic(models.Model):
    feedback = models.OneToOneField("feedback.Feedback", on_delete=models.CASCADE,
                                    related_name="opinion_topic")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="feedback_tags")
    because = models.JSONField(default=list, blank=True)  # the phrases that suggested it
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.feedback_id} → {self.topic}"


class EmergingNotice(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    board = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    units = models.JSONField(default=list)  # codes of the units where it rose
    sent_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "week", "board"],
                                               name="one_emerging_notice_per_topic_week_board")]

    def __str__(self) -> str:
        return f"{self.topic} {self.week} → {self.board}"


class Response(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="responses")
    note = models.ForeignKey(Note, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="responses")
    correction = models.OneToOneField("feedback.Correction", on_delete=models.CASCADE,
                                      related_name="opinion_response")
    item = models.ForeignKey("publishing.Item", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    first_reported_at = models.DateTimeField()
    opened_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.topic} → {self.correction_id}"

    def get_additional_data(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id}


from tincoso.opinion.examples.models import ExamplePhoto, GoodExample  # noqa: E402

__all__ = ["Collaborator", "EmergingNotice", "ExamplePhoto", "FeedbackTopic", "GoodExample",
           "Mood", "Note", "Reach", "Response", "Topic"]
