"""The portal pages of 依申请公开: the application form, its confirmation and the
tracking page. They never show the ID document, the ID number or contact details."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from gongkai.core.exceptions import ApplicationError, NotFound
from gongkai.disclosures import selectors, services, throttle
from gongkai.disclosures.forms import PublicApplicationForm, TrackForm

SESSION_KEY = "disclosures_submitted"


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    units = list(selectors.units_accepting_public())
    form = PublicApplicationForm(
        request.POST or None, request.FILES or None, units=units
    )
    limited = False
    if request.method == "POST":
        if not throttle.submission_allowed(request):
            limited = True
            form.add_error(None, throttle.RATE_LIMITED)
        elif request.POST.get("website"):
            # A bot filled in the hidden field: answer as if it worked, keep nothing.
            throttle.record_submission(request)
            request.session[SESSION_KEY] = ""
            return redirect("disclosures_public:submitted")
        elif form.is_valid():
            try:
                unit = selectors.unit_accepting_public_get(form.cleaned_data["unit"])
                application = services.application_submit_public(
                    unit=unit, data=form.to_input(), document=form.document()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                throttle.record_submission(request)
                request.session[SESSION_KEY] = application.number
                return redirect("disclosures_public:submitted")
    status = 429 if limited else 200
    return render(
        request,
        "disclosures/public_apply.html",
        {"form": form, "units": units},
        status=status,
    )


@never_cache
def submitted(request: HttpRequest) -> HttpResponse:
    number = request.session.pop(SESSION_KEY, None)
    if number is None:
        return redirect("disclosures_public:apply")
    return render(request, "disclosures/public_submitted.html", {"number": number})


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = TrackForm(data)
    view = None
    status = 200
    if data is not None and form.is_valid():
        if not throttle.tracking_allowed(request):
            form.add_error(None, throttle.TRACK_LIMITED)
            status = 429
        else:
            try:
                view = selectors.application_track_public(
                    form.cleaned_data["number"], form.cleaned_data["check"]
                )
            except NotFound as exc:
                throttle.record_tracking_failure(request)
                form.add_error(None, exc.message)
    return render(
        request,
        "disclosures/public_track.html",
        {"form": form, "view": view},
        status=status,
    )
