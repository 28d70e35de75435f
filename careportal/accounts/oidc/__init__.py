"""Staff sign-in through an OpenID Connect provider (mozilla-django-oidc), decision 0021."""
