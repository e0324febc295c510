"""Sign-in hardening: lockout, second factor, OpenID Connect, session limits, headers.

- `lockout.py`: N failed sign-ins for a username within M minutes lock it for M
  minutes; used by the password backend and by the code check alike.
- `backends.py`: the password backend (web form, admin, API basic auth) under the
  lockout rule; `oidc.py`: OpenID Connect sign-in for existing staff only.
- `totp.py`: the optional authenticator-app code (RFC 6238) for local accounts.
- `sessions.py`: the absolute session limit; `headers.py`: CSP and Permissions-Policy.
- `views.py`, `forms.py`, `urls.py`: the sign-in, code and enrolment pages.
"""
