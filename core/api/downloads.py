from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView


class FileDownloadView(APIView):
    """A route whose success is a file (an image, an export) and whose errors are JSON.

    A client sending `Accept: image/png` or `application/pdf` must still get a readable 404 or
    409, not a 406, so negotiation always settles on JSON; files bypass the renderers.
    """

    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)
