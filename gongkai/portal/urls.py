from django.urls import path

from gongkai.portal import feeds, sitemaps, views
from gongkai.portal.pagecache import cached_page as cached

app_name = "portal"

# Pages with an address a static server can hold are cached per process for anonymous
# readers until the next audited change (pagecache); forms and files are not.
urlpatterns = [
    path("", cached(views.home), name="home"),
    path("deadline/", views.deadline, name="deadline"),
    path("xxgkzn/", cached(views.guide), name="guide"),
    path("xxgkzn/<int:unit_id>/", cached(views.guide_unit), name="guide_unit"),
    path("xxgkzd/", cached(views.rules), name="rules"),
    path("xxgk/", cached(views.catalogue), name="catalogue"),
    path("xxgk/column/<slug:slug>/", cached(views.column), name="column"),
    path(
        "xxgk/column/<slug:slug>/page/<int:page>/",
        cached(views.column_page),
        name="column_page",
    ),
    path(
        "xxgk/column/<slug:slug>/rss.xml",
        cached(feeds.ColumnRss()),
        name="column_rss",
    ),
    path(
        "xxgk/column/<slug:slug>/atom.xml",
        cached(feeds.ColumnAtom()),
        name="column_atom",
    ),
    path(
        "xxgk/doc/<path:index_number>/file/<int:attachment_id>/<str:filename>",
        views.attachment_named,
        name="attachment_named",
    ),
    path(
        "xxgk/doc/<path:index_number>/file/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("xxgk/doc/<path:index_number>/", cached(views.document), name="document"),
    path("zcwjk/", cached(views.policies), name="policies"),
    path("zcwjk/page/<int:page>/", cached(views.policies_page), name="policies_page"),
    path("zcjd/", cached(views.interpretations), name="interpretations"),
    path(
        "zcjd/page/<int:page>/",
        cached(views.interpretations_page),
        name="interpretations_page",
    ),
    path("ndbg/", cached(views.reports), name="reports"),
    path("rss.xml", cached(feeds.SiteRss()), name="rss"),
    path("atom.xml", cached(feeds.SiteAtom()), name="atom"),
    path("sitemap.xml", cached(sitemaps.index), name="sitemap"),
    path("sitemap-pages.xml", cached(sitemaps.pages), name="sitemap_pages"),
    path("sitemap-docs-<int:number>.xml", cached(sitemaps.docs), name="sitemap_docs"),
    path("robots.txt", views.robots, name="robots"),
]
