"""Single sign-on through OpenID Connect providers (django-allauth).

``config.sso`` reads the providers from the environment; ``provider`` hardens
allauth's OpenID Connect flow (nonce, signature); ``services`` decides who a
provider's user is here and which roles they hold; ``adapter`` plugs that into
allauth; ``session`` tells whether the current session came through a provider.
"""
