"""Pages of long lists whose rows carry several joined tables."""

from django.core.paginator import Page, Paginator


class KeysFirstPaginator(Paginator):
    """Sorts and pages the primary keys alone, then loads the page's rows with their joins and
    prefetches. The usual paginator joins every related table for every row before it sorts
    and keeps 50: with 5,400 projects and four joins, PostgreSQL spent 30–60 ms building rows it
    then threw away. One more query, whatever the list's length."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().filter(pk__in=keys) if keys else []
        by_key = {row.pk: row for row in rows}
        return self._get_page([by_key[key] for key in keys if key in by_key], number, self)
