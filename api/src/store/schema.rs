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
        /// The folded name, to search by (`domain::text::fold`).
        search_key -> Nullable<Text>,
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
        /// The folded display name, to search by (`domain::text::fold`).
        search_key -> Nullable<Text>,
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

diesel::table! {
    seeded_defaults (name) {
        name -> Text,
        seeded_at -> Timestamp,
    }
}

diesel::table! {
    priority_matrix (impact, urgency) {
        impact -> Text,
        urgency -> Text,
        priority -> Text,
    }
}

diesel::table! {
    triage_rules (id) {
        id -> Text,
        name -> Text,
        enabled -> Bool,
        position -> Integer,
        /// JSON array of `domain::triage::Condition`.
        conditions -> Text,
        /// JSON array of `domain::triage::Action`.
        actions -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// SQLite only: PostgreSQL allocates references from sequences.
    reference_counters (year) {
        year -> Integer,
        last_number -> BigInt,
    }
}

diesel::table! {
    tickets (id) {
        id -> Text,
        reference -> Text,
        kind -> Text,
        status -> Text,
        subject -> Text,
        description -> Text,
        channel -> Text,
        category -> Nullable<Text>,
        urgency -> Text,
        impact -> Nullable<Text>,
        priority -> Text,
        /// 1 (critical) to 4 (low): the queue's first sort key.
        priority_rank -> Integer,
        priority_overridden -> Bool,
        requester_id -> Text,
        organization_id -> Nullable<Text>,
        assignee_id -> Nullable<Text>,
        created_by -> Text,
        /// The queue's second sort key.
        due_at -> Timestamp,
        first_response_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        /// Folded subject, description and public comments (full-text index).
        search_public -> Text,
        /// Folded internal notes (full-text index, staff only).
        search_internal -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        first_response_due_at -> Timestamp,
        resolution_due_at -> Timestamp,
        sla_paused_since -> Nullable<Timestamp>,
        sla_paused_minutes -> Integer,
        sla_at_risk -> Bool,
        sla_breached -> Bool,
    }
}

diesel::table! {
    ticket_comments (id) {
        id -> Text,
        ticket_id -> Text,
        author_id -> Nullable<Text>,
        body -> Text,
        internal -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ticket_events (id) {
        id -> Text,
        ticket_id -> Text,
        actor_id -> Nullable<Text>,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        rule_id -> Nullable<Text>,
        rule_name -> Nullable<Text>,
        /// JSON of the triage decision or the scheduler's reason behind an automatic change.
        reason -> Nullable<Text>,
        internal -> Bool,
        created_at -> Timestamp,
        /// Why a person made the change, in their words (a reclassification's reason).
        stated_reason -> Nullable<Text>,
    }
}

diesel::joinable!(tickets -> organizations (organization_id));
diesel::table! {
    /// Service-level targets per priority, in business minutes.
    sla_policies (priority) {
        priority -> Text,
        first_response_minutes -> Integer,
        resolution_minutes -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(ticket_comments -> tickets (ticket_id));
diesel::joinable!(ticket_events -> tickets (ticket_id));
diesel::joinable!(attachments -> tickets (ticket_id));

diesel::table! {
    attachments (id) {
        id -> Text,
        ticket_id -> Text,
        comment_id -> Nullable<Text>,
        filename -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        content -> Binary,
        uploaded_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(schedule_closures -> schedules (schedule_id));
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

diesel::table! {
    /// Work on a ticket with its frozen billing classification.
    interventions (id) {
        id -> Text,
        ticket_id -> Text,
        organization_id -> Text,
        /// `YYYY-MM-DD`.
        performed_on -> Text,
        minutes -> BigInt,
        subject_code -> Text,
        description -> Text,
        agent_id -> Text,
        outcome -> Text,
        reason -> Text,
        explanation_en -> Text,
        explanation_nl -> Text,
        contract_number -> Nullable<Text>,
        hourly_rate_cents -> Nullable<BigInt>,
        billed_minutes -> BigInt,
        amount_cents -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// The appointment the work was done in, if any.
        appointment_id -> Nullable<Text>,
    }
}

diesel::joinable!(contracts -> organizations (organization_id));
diesel::table! {
    kb_articles (id) {
        id -> Text,
        slug -> Text,
        /// JSON array of lower-case tags.
        tags -> Text,
        status -> Text,
        visibility -> Text,
        comments_open -> Bool,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    kb_translations (article_id, language) {
        article_id -> Text,
        language -> Text,
        title -> Text,
        body_markdown -> Text,
        /// Sanitised HTML rendered from the Markdown.
        body_html -> Text,
        /// Folded title and body for the full-text index.
        search_text -> Text,
    }
}

diesel::table! {
    kb_comments (id) {
        id -> Text,
        article_id -> Text,
        author_id -> Text,
        body -> Text,
        hidden -> Bool,
        created_at -> Timestamp,
    }
}

diesel::joinable!(kb_translations -> kb_articles (article_id));
diesel::joinable!(kb_comments -> kb_articles (article_id));
diesel::table! {
    webhooks (id) {
        id -> Text,
        url -> Text,
        secret -> Text,
        /// JSON array of event types.
        event_types -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Interventions booked for a ticket.
    appointments (id) {
        id -> Text,
        ticket_id -> Text,
        agent_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        mode -> Text,
        note -> Text,
        status -> Text,
        customer_note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox_events (id) {
        id -> Text,
        event_type -> Text,
        /// The JSON body delivered.
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        /// A worker claimed it until then (several instances never send one attempt twice).
        locked_until -> Nullable<Timestamp>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        /// How long the last attempt took, in milliseconds.
        last_duration_ms -> Nullable<Integer>,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_deliveries -> outbox_events (event_id));
diesel::joinable!(interventions -> tickets (ticket_id));
diesel::joinable!(interventions -> users (agent_id));
diesel::joinable!(appointments -> tickets (ticket_id));
diesel::table! {
    mail_deliveries (id) {
        id -> Text,
        event_id -> Text,
        ticket_id -> Text,
        recipient -> Text,
        message_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    inbound_emails (id) {
        id -> Text,
        message_id -> Nullable<Text>,
        sender -> Text,
        ticket_id -> Text,
        comment_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(mail_deliveries -> outbox_events (event_id));

diesel::table! {
    settings_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    /// The retained event log of live updates (`store::live_events`). PostgreSQL also has an
    /// `xid` column (the writing transaction), read by raw SQL only.
    live_events (position) {
        position -> BigInt,
        event_id -> Text,
        event_type -> Text,
        ticket_id -> Text,
        reference -> Text,
        organization_id -> Nullable<Text>,
        requester_id -> Text,
        internal -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A user's saved filters of the ticket list (`store::views`).
    saved_views (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        /// The folded name: unique per user.
        name_key -> Text,
        /// The filters as JSON (`http::tickets::TicketFilters`).
        filters -> Text,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(saved_views -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    refresh_tokens,
    api_tokens,
    tickets,
    ticket_comments,
    ticket_events,
    attachments,
    schedules,
    schedule_closures,
    contracts,
    coverage_subjects,
    billing_settings,
    kb_articles,
    kb_translations,
    kb_comments,
    webhooks,
    outbox_events,
    webhook_deliveries,
    interventions,
    appointments,
    mail_deliveries,
    inbound_emails,
    saved_views,
);
