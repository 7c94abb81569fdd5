"""The depot and portal views, one module per area.

agreements (list, detail, create/update, schedule generation), schedule (closures,
calendar, route sheet, moving and cancelling a swap), packing (swap page, packing list,
proposal, printouts), returns (delivery, check-in), catalogue (books, import),
statistics, feeds (calendar feeds) and portal (the kindergarten staff's pages).
Access is decided in ``kindergarten_depots.permissions``.
"""
