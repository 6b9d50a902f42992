from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "gongkai.calendars"
    label = "calendars"
    verbose_name = "工作日历与法定期限"
