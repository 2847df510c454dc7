DROP TABLE api_tokens;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE organizations;
