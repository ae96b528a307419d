from . import service_ticket_report
