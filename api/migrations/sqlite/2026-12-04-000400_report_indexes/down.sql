DROP INDEX interventions_performed;
DROP INDEX tickets_reports;
