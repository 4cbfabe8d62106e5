"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "k" * 20 + "a-long-random-value-for-the-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "www.example.org",
    "DJANGO_HTTPS": "True",
}


def check_deploy(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_values_pass_the_deploy_check():
    """With production values in the environment, `check --deploy` reports no warning."""
    result = check_deploy()
    assert result.returncode == 0, result.stderr


def test_deploy_check_fails_without_a_secret_key():
    """Forgetting DJANGO_SECRET_KEY fails `check --deploy` instead of shipping the local key."""
    result = check_deploy(DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "security.W009" in result.stderr
