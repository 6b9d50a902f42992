"""Helpers shared by the staff pages of every app."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from gongkai.core.exceptions import ApplicationError, NotFound, PermissionDenied

View = Callable[..., HttpResponseBase]


def staff_view(view: View) -> View:
    """Login required; hidden or missing objects give 404, forbidden actions 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(
                request, "workbench/error.html", {"message": exc.message}, status=404
            )
        except PermissionDenied as exc:
            return render(
                request, "workbench/error.html", {"message": exc.message}, status=403
            )

    return wrapper


def run_service(form: Any, call: Callable[[], Any]) -> Any:
    """Call a service; a user error becomes a form error and nothing is saved."""
    try:
        return call()
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None
