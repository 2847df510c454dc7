//! The tables, written once for both backends (the migrations keep the column types identical).

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        /// Lower-cased, trimmed name: names are unique case-insensitively.
        name_key -> Text,
        vat_number -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        language -> Text,
        role -> Text,
        organization_id -> Nullable<Text>,
        active -> Bool,
        password_hash -> Nullable<Text>,
        invitation_hash -> Nullable<Text>,
        invitation_expires_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        token_prefix -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    contracts (id) {
        id -> Text,
        /// `MC-YYYY-NNN`, unique.
        number -> Text,
        organization_id -> Text,
        /// `YYYY-MM-DD`.
        starts_on -> Text,
        /// `YYYY-MM-DD`; null when open-ended.
        ends_on -> Nullable<Text>,
        hourly_rate_cents -> BigInt,
        notes -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    coverage_subjects (code) {
        code -> Text,
        label_nl -> Text,
        label_en -> Text,
        included -> Bool,
        retired -> Bool,
        /// Order in the table as shown.
        position -> BigInt,
    }
}

diesel::table! {
    /// Exactly one row, id 1.
    billing_settings (id) {
        id -> BigInt,
        increment_minutes -> BigInt,
        minimum_minutes -> BigInt,
        default_hourly_rate_cents -> BigInt,
        vat_rate_basis_points -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(contracts -> organizations (organization_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    refresh_tokens,
    api_tokens,
    contracts,
    coverage_subjects,
    billing_settings
);
