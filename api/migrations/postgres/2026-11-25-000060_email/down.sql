DROP TABLE inbound_emails;
DROP TABLE mail_deliveries;
