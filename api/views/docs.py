"""The API's documentation pages, served whole by the app and under a Content-Security-Policy.

- No request leaves the app: drf-spectacular's Redoc template loads web fonts from
  Google, and Redoc's own bundle shows the Redocly logo from its CDN in the menu's
  footer. The template here loads neither, and the bundle is served with the logo's
  address emptied (`RedocBundleView`): an image without a source is never requested,
  and Redoc hides it.
- No inline script: Swagger UI's settings script is served as a file of its own
  (drf-spectacular's "split" view), Redoc starts from its `<redoc spec-url>` element,
  and the pages' few style rules are a static file (api/static/api/docs.css).
- The policy of these two pages adds to the pages' one (settings: CONTENT_SECURITY_POLICY)
  only what the two programs need: their style sheets written at run time (styled
  components, React: `style-src 'unsafe-inline'`, styles only, never scripts), images as
  `data:` URLs (Swagger UI's icons) and Redoc's search worker (`blob:`). Scripts stay
  `'self'`: an injected inline script does not run here either.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.request import Request

from api.csp import DOCS_POLICY

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
#: The one outside address Redoc's bundle requests by itself (its logo, in the menu's footer).
REDOC_LOGO = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'


class _DocsPolicy:
    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response._csp_update = DOCS_POLICY
        return response


class SwaggerView(_DocsPolicy, SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


class RedocView(_DocsPolicy, SpectacularRedocView):
    template_name = "api/redoc.html"

    @staticmethod
    def _redoc_standalone() -> str:
        return reverse("redoc-bundle")


@functools.cache
def redoc_bundle() -> tuple[bytes, str]:
    """Redoc's bundle without its logo's address, and its ETag; read once per process."""
    path = finders.find(REDOC_BUNDLE)
    if not path:
        raise FileNotFoundError(REDOC_BUNDLE)
    with open(path, "rb") as bundle:
        text = bundle.read().decode("utf-8")
    if REDOC_LOGO not in text:
        # A new Redoc: look again at what it requests (tests/api/test_contract_docs.py).
        raise RuntimeError("Redoc's bundle no longer names its logo as expected")
    content = text.replace(REDOC_LOGO, 'src:""').encode("utf-8")
    return content, f'"{hashlib.sha256(content).hexdigest()[:32]}"'


@method_decorator(gzip_page, name="get")
@method_decorator(condition(etag_func=lambda request: redoc_bundle()[1]), name="get")
class RedocBundleView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        content, _etag = redoc_bundle()
        response = HttpResponse(content, content_type="application/javascript; charset=utf-8")
        response["Cache-Control"] = "public, max-age=86400"
        return response
