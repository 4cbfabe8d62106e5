import csv

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from core.spreadsheet import safe_row

from .models import Announcement, Delivery, Subscriber


@admin.action(description=_("Export the selected subscribers (CSV)"))
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="media-alert-subscribers.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "languages", "themes", "kinds", "countries", "confirmed_at"])
    for subscriber in queryset.prefetch_related("themes").order_by("email"):
        writer.writerow(safe_row([
            subscriber.email,
            " ".join(subscriber.languages),
            " ".join(theme.slug for theme in subscriber.themes.all()),
            " ".join(subscriber.kinds),
            " ".join(str(code) for code in subscriber.countries),
            subscriber.confirmed_at.isoformat(timespec="seconds"),
        ]))
    return response


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language_list", "confirmed_at"]
    search_fields = ["email"]
    list_filter = ["confirmed_at"]
    actions = [export_csv]
    filter_horizontal = ["themes"]
    readonly_fields = ["confirmed_at"]

    @admin.display(description=_("languages"))
    def language_list(self, subscriber):
        return ", ".join(subscriber.languages)


def _count(status):
    return Count("deliveries", filter=Q(deliveries__status=status))


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Per release (and correction): how many alerts were sent, are waiting, failed."""

    list_display = ["release", "kind", "created_at", "sent", "pending", "failed"]
    list_filter = ["kind"]
    search_fields = ["release__title", "release__slug"]
    list_select_related = ["release"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            sent_count=_count(Delivery.Status.SENT),
            pending_count=Count("deliveries", filter=Q(deliveries__status__in=[
                Delivery.Status.PENDING, Delivery.Status.SENDING])),
            failed_count=_count(Delivery.Status.FAILED),
        )

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent(self, announcement):
        return announcement.sent_count

    @admin.display(description=_("pending"), ordering="pending_count")
    def pending(self, announcement):
        return announcement.pending_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed(self, announcement):
        return announcement.failed_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Each e-mail owed: who, what, where it stands and the last SMTP error (read-only)."""

    list_display = ["subscriber", "release", "kind", "language", "status", "attempts",
                    "sent_at", "last_error"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["subscriber__email", "release__title", "release__slug"]
    list_select_related = ["subscriber", "release"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
