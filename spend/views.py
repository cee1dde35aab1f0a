from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .services import usage_summary


class DailyUsageSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The UTC day counted.")
    spent_today_usd = serializers.FloatField(help_text="Spent today, plus what running jobs hold.")
    held_usd = serializers.FloatField(help_text="The part of it held for jobs still queued or running.")
    budget_usd = serializers.FloatField(help_text="DAILY_BUDGET_USD (0: no limit).")
    remaining_usd = serializers.FloatField(allow_null=True, help_text="Null when there is no limit.")
    jobs_today = serializers.IntegerField(help_text="Jobs started today.")


class UsageView(APIView):
    @extend_schema(responses=DailyUsageSerializer)
    def get(self, request):
        return Response(DailyUsageSerializer(usage_summary(user=request.user)).data)
