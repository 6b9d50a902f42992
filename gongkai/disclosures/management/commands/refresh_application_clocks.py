"""gongkai refresh_application_clocks: move the due dates of paused applications on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.disclosures import services


class Command(BaseCommand):
    help = (
        "重新计算征求意见中、待缴费的政府信息公开申请的答复期限（这些期间不计入答复期限，"
        "期限每过一个工作日顺延一天）。建议每天运行一次。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = services.application_clocks_refresh(actor=None)
        self.stdout.write(f"已重新计算，{changed}件申请的答复期限有变化。")
