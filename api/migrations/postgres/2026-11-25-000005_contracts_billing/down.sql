DROP TABLE billing_settings;
DROP TABLE coverage_subjects;
DROP TABLE contracts;
