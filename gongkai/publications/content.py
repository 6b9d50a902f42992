"""Rich-text bodies and the compliance gate's settings for a unit."""

from __future__ import annotations

import nh3
from django.conf import settings

from gongkai.core.extract import html_to_text as _html_to_text
from gongkai.organizations.models import Unit
from gongkai.publications.models import SensitiveWord
from gongkai.rules.privacy import ScanPolicy, normalize_phone

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "blockquote",
    "a",
    "img",
    "span",
    "div",
    "hr",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"class"},
}


def sanitize_html(html: str) -> str:
    """The rich-text body as it may be published: no scripts, styles or handlers."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def html_to_text(html: str) -> str:
    return _html_to_text(html)


def scan_policy_for(unit: Unit) -> ScanPolicy:
    """The compliance gate's settings for ``unit``: its published office numbers and
    the sensitive-word list."""
    return ScanPolicy(
        allowed_phones=frozenset(normalize_phone(p) for p in unit.phones if p),
        sensitive_words=tuple(SensitiveWord.objects.values_list("word", flat=True)),
        allowed_hosts=frozenset(
            [
                *settings.TRUSTED_LINK_HOSTS,
                *(h for h in settings.ALLOWED_HOSTS if h != "*"),
            ]
        ),
    )
