"""The benchmark's settings: production settings plus a bare view to compare pages with."""

import os

from sciatica.settings import *  # noqa: F403
from sciatica.settings import TEMPLATES

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405

# The benchmark measures pages, not password hashing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
