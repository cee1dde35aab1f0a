"""Registration and token exchange."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
    validate_password,
)
from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.usernames import login_username

from .fields import TextField
from .strict import StrictInput
from .throttling import client_address, login_attempt

User = get_user_model()


def password_min_length() -> int | None:
    """The shortest password AUTH_PASSWORD_VALIDATORS allow, so the schema can say so."""
    validators = get_default_password_validators()
    return max((v.min_length for v in validators if isinstance(v, MinimumLengthValidator)), default=None)


class RegisterSerializer(StrictInput, serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = TextField(
        write_only=True, max_length=128, style={"input_type": "password"}, min_length=password_min_length()
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")

    def validate_username(self, username: str) -> str:
        if User.objects.filter(username__iexact=username).exists():
            raise serializers.ValidationError("This username is already taken.")
        return username

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs.get("email", ""))
        try:
            validate_password(attrs["password"], user=candidate)
        except Exception as error:  # django.core.exceptions.ValidationError
            raise serializers.ValidationError(
                {"password": list(getattr(error, "messages", [str(error)]))}
            ) from None
        return attrs


class RegisteredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = TextField()
    token = TextField()


class TokenRequestSerializer(StrictInput, serializers.Serializer):
    username = TextField(max_length=150)
    password = TextField(max_length=128, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = TextField()


def register_user(*, username: str, password: str, email: str = "") -> tuple:
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, email=email)
            token = Token.objects.create(user=user)
    except IntegrityError:
        raise serializers.ValidationError({"username": ["This username is already taken."]}) from None
    return user, token


class RegisterView(GenericAPIView):
    serializer_class = RegisterSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_scope = "register"

    @extend_schema(responses={201: RegisteredSerializer})
    def post(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, token = register_user(**data.validated_data)
        body = {"id": user.pk, "username": user.username, "token": token.key}
        return Response(RegisteredSerializer(body).data, status=status.HTTP_201_CREATED)


class TokenView(GenericAPIView):
    serializer_class = TokenRequestSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []
    counts_failed_logins = True
    """Throttled by `login_attempt` (THROTTLE_LOGIN, THROTTLE_LOGIN_ADDRESS), not by a scope."""

    @extend_schema(responses=TokenSerializer)
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        username, password = credentials.validated_data["username"], credentials.validated_data["password"]
        with login_attempt(username=username, address=client_address(request)):
            user = authenticate(request, username=login_username(username), password=password)
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": ["Unable to log in with these credentials."]}
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
