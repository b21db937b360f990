"""API.md "Documents": POST plans/{id}/documents/ → 202; GET documents/{id}/; download."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..views import _download_response
from .serializers import DocumentJobSerializer, DocumentRequestSerializer


class PlanDocumentsView(APIView):
    permission_classes = [IsAuthenticated]

    def _plan(self, request, plan_id):
        plan = selectors.plan_for(request.user, plan_id)
        if plan is None:
            raise exceptions.NotFound("ไม่พบแผนนี้")
        return plan

    @extend_schema(
        request=DocumentRequestSerializer,
        responses={202: DocumentJobSerializer, 200: DocumentJobSerializer},
        summary="Ask for a PDF document of a plan (rendered by a background job)",
    )
    def post(self, request, plan_id: int):
        plan = self._plan(request, plan_id)
        ser = DocumentRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        options = {"digits": data.get("digits") or "arabic"}
        if data.get("period"):
            options["period"] = data["period"]
        try:
            job, created = services.request_document(
                plan=plan, kind=data["kind"], options=options, user=request.user
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from exc
        body = DocumentJobSerializer(job, context={"request": request}).data
        reused = not created and job.status == "done"
        return Response(body, status=status.HTTP_200_OK if reused else status.HTTP_202_ACCEPTED)

    @extend_schema(responses=DocumentJobSerializer(many=True), summary="Recent documents of a plan")
    def get(self, request, plan_id: int):
        plan = self._plan(request, plan_id)
        jobs = selectors.recent_jobs(plan)
        return Response(DocumentJobSerializer(jobs, many=True, context={"request": request}).data)


class DocumentJobView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=DocumentJobSerializer, summary="Status and progress of a document")
    def get(self, request, pk: int):
        job = selectors.job_for(request.user, pk)
        if job is None:
            raise exceptions.NotFound("ไม่พบเอกสารนี้")
        return Response(DocumentJobSerializer(job, context={"request": request}).data)


class DocumentDownloadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
        summary="The PDF file",
    )
    def get(self, request, pk: int):
        job = selectors.job_for(request.user, pk)
        if job is None:
            raise exceptions.NotFound("ไม่พบเอกสารนี้")
        try:
            return _download_response(job)
        except Http404 as exc:
            raise exceptions.NotFound(str(exc)) from exc
