from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

from .strict import ASCII_INTEGER


class PageNumberPagination(BasePageNumberPagination):
    """Page numbers and sizes are ASCII digits, as every number in a query string: `int()`
    alone would read `?page=\u0661` as page 1."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if number in self.last_page_strings or ASCII_INTEGER.fullmatch(str(number)):
            return number
        return ""  # not a page: the paginator's "Invalid page." 404

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        if asked is not None and not ASCII_INTEGER.fullmatch(asked):
            return self.page_size
        return super().get_page_size(request)
