"""The words of the daily deadline digest (``services.reminders_send``): the workbench
notification and the e-mail, plain Chinese text.

Only what a member of staff needs to find the application: the 申请编号, the unit
applied to, the state and the reply deadline, and a link to the workbench. Never the
applicant (name, ID, phone, address, e-mail) and never the description of the
information asked for, which applicants often write personal matters into.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from gongkai.disclosures.selectors import DIGEST_LINES_SHOWN, Digest, DigestLine
from gongkai.rules.workdays import format_date_cn


def workbench_url(path: str) -> str:
    """An absolute address of a workbench page, for e-mails: GONGKAI_WORKBENCH_URL,
    else the public address, else http:// and the first allowed host name."""
    base = str(
        getattr(settings, "GONGKAI_WORKBENCH_URL", "")
        or getattr(settings, "GONGKAI_PUBLIC_URL", "")
        or ""
    ).rstrip("/")
    if not base:
        hosts = [
            h for h in settings.ALLOWED_HOSTS if h not in {"*", ""} and h[0] not in ".["
        ]
        base = f"http://{hosts[0] if hosts else 'localhost'}"
    return base + path


def queue_path() -> str:
    """The person's own queue (“我的待办”), ordered by deadline."""
    return reverse("disclosures:queue") + "?view=mine"


def title(digest: Digest) -> str:
    parts = []
    if digest.overdue:
        parts.append(f"已超期{len(digest.overdue)}件")
    if digest.due_soon:
        parts.append(f"5个工作日内到期{len(digest.due_soon)}件")
    return "依申请公开期限提醒：" + "，".join(parts)


def _line(line: DigestLine) -> str:
    return (
        f"{line.number} · {line.unit_name} · {line.state_label} · "
        f"答复期限{format_date_cn(line.due_on)}"
    )


def _sections(digest: Digest, *, links: bool) -> list[str]:
    out: list[str] = []
    sections = (
        (f"已超过答复期限（{len(digest.overdue)}件）：", digest.overdue),
        (
            f"5个工作日内到期（至{format_date_cn(digest.limit)}，"
            f"{len(digest.due_soon)}件）：",
            digest.due_soon,
        ),
    )
    for heading, lines in sections:
        if not lines:
            continue
        out += ["", heading]
        for line in lines[:DIGEST_LINES_SHOWN]:
            out.append(_line(line))
            if links:
                out.append(f"  {workbench_url(line.path)}")
        if len(lines) > DIGEST_LINES_SHOWN:
            out.append(f"另有{len(lines) - DIGEST_LINES_SHOWN}件，请在工作台查看。")
    return out


def notification_body(digest: Digest) -> str:
    lines = [f"截至{format_date_cn(digest.day)}，由您负责的政府信息公开申请中："]
    lines += _sections(digest, links=False)
    return "\n".join(lines)


def email_subject(digest: Digest) -> str:
    return title(digest)


def email_body(digest: Digest) -> str:
    lines = [
        f"{digest.staff.display_name}：",
        "",
        f"截至{format_date_cn(digest.day)}，由您负责的政府信息公开申请中：",
    ]
    lines += _sections(digest, links=True)
    lines += [
        "",
        f"请登录工作台办理：{workbench_url(queue_path())}",
        "",
        "本邮件由政府信息公开系统在工作日每天发送一次，只列申请编号、受理机关、状态和"
        "答复期限，不含申请人信息。请勿直接回复。",
    ]
    return "\n".join(lines)
