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
    schedules (id) {
        id -> Text,
        /// Stable name used in URLs (`interventions`, `phone`).
        code -> Text,
        name -> Text,
        time_zone -> Text,
        belgian_holidays -> Bool,
        christmas_closure -> Bool,
        /// The weekly opening hours as JSON rows (`domain::calendar::WeeklyInterval`).
        weekly_hours -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    schedule_closures (id) {
        id -> Text,
        schedule_id -> Text,
        /// `YYYY-MM-DD`.
        first_day -> Text,
        /// `YYYY-MM-DD`, included.
        last_day -> Text,
        reason -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(schedule_closures -> schedules (schedule_id));
diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    refresh_tokens,
    api_tokens,
    schedules,
    schedule_closures
);
