"""What some pages add to the site's Content-Security-Policy (settings: CONTENT_SECURITY_POLICY).

The site's policy allows the app's own files only, and no inline script or style. Two
kinds of page are made by libraries whose HTML or scripts write styles inline; they get
these additions, for styles, images and workers only: no page allows an inline script.
"""

from csp.constants import SELF, UNSAFE_INLINE

#: What the browsable API's pages add to the site's policy: DRF's templates set a few
#: `style="..."` attributes. Styles only; scripts stay 'self'.
INLINE_STYLES = {"style-src": [SELF, UNSAFE_INLINE]}

#: What the docs pages add to the site's policy (see the module's docstring).
DOCS_POLICY = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "worker-src": [SELF, "blob:"],
}
