//! The triage rules engine: ordered, data-driven rules that set a new ticket's kind,
//! category, impact, urgency and assignee, and explain every change they make.
//!
//! How rules are applied ([`evaluate`]):
//! - Enabled rules run in order of `position`, ties broken by `id`, whatever the order of
//!   the slice; disabled rules never fire.
//! - A rule fires when all its conditions match; a rule without conditions always fires.
//! - Conditions read only what the requester filed (text, channel, requested category,
//!   organisation, role, contract), never what an earlier rule set. Rules therefore do not
//!   chain, and running triage again on its own result changes nothing (idempotence).
//! - A firing rule applies all its actions in order. When several rules set the same field,
//!   the **last** one wins: put broad rules first and specific ones after them.
//! - `stop_processing` ends triage after the rule that holds it (its other actions still
//!   apply), so an early rule can make its result final.
//! - Every action of a firing rule becomes a [`Decision`]: the rule, why it matched, and
//!   the change (old → new, or unchanged).
//!
//! Rules are stored as JSON and edited by admins; [`parse_rule_input`] turns a request body
//! into a [`RuleInput`] or a list of [`RuleFieldError`]s with paths like
//! `conditions[1].words`.
//!
//! JSON shape of a rule:
//!
//! ```json
//! {
//!   "id": "00000000-0000-0000-0000-000000000102",
//!   "name": "Defect words",
//!   "enabled": true,
//!   "position": 20,
//!   "conditions": [
//!     { "type": "text_contains_any", "words": ["bug", "foutmelding", "werkt niet"] },
//!     { "type": "channel_is", "channels": ["portal", "email"] }
//!   ],
//!   "actions": [
//!     { "type": "set_kind", "kind": "issue" },
//!     { "type": "stop_processing" }
//!   ]
//! }
//! ```

use crate::domain::account::{Language, Role};
use crate::domain::priority::{Impact, Urgency};
use crate::domain::text::FoldedText;
use crate::domain::ticket_status::{Channel, Kind};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// Longest rule name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest internal note a rule adds, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// Longest category name, in characters.
pub const MAX_CATEGORY_CHARS: usize = 100;

/// A stored triage rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Rule {
    /// Stable identity; also breaks ties between equal positions.
    pub id: Uuid,
    /// Shown in decisions ("by rule 'Defect words'").
    pub name: String,
    /// A disabled rule never fires.
    pub enabled: bool,
    /// Rules run from low to high position.
    pub position: i32,
    /// All must match (AND); none means the rule always fires.
    pub conditions: Vec<Condition>,
    /// Applied in order when the rule fires.
    pub actions: Vec<Action>,
}

/// A rule as an admin creates or replaces it: everything but the id. Unknown fields are
/// refused. Besides its schema: a word must hold a letter or a digit (`no_letters`), a field is
/// set by one action at most (`duplicate`), categories are subjects of the coverage table
/// (`unknown_subject`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleInput {
    /// See [`Rule::name`].
    #[schema(schema_with = rule_name_schema)]
    pub name: String,
    /// See [`Rule::enabled`]; `true` when left out of a request body.
    #[schema(required = false, default = true)]
    pub enabled: bool,
    /// See [`Rule::position`].
    pub position: i32,
    /// See [`Rule::conditions`]; empty when left out of a request body.
    #[schema(required = false)]
    pub conditions: Vec<Condition>,
    /// See [`Rule::actions`].
    #[schema(min_items = 1)]
    pub actions: Vec<Action>,
}

fn rule_name_schema() -> utoipa::openapi::schema::Schema {
    text_schema(MAX_NAME_CHARS, "The rule's name")
}

/// Text of 1 to `max` characters that is not blank.
fn text_schema(max: usize, description: &str) -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(crate::domain::text::not_blank_pattern()))
        .description(Some(description))
        .into()
}

fn category_schema() -> utoipa::openapi::schema::Schema {
    text_schema(MAX_CATEGORY_CHARS, "A subject code of the coverage table")
}

fn categories_schema() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(utoipa::openapi::RefOr::T(category_schema()))
        .min_items(Some(1))
        .description(Some("Any of these"))
        .into()
}

fn note_schema() -> utoipa::openapi::schema::Schema {
    text_schema(MAX_NOTE_CHARS, "The note, in Markdown")
}

/// A test on what the requester filed. Serialised with a `type` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The subject or description contains one of the words or phrases, as whole words,
    /// ignoring case and accents (`"werkt niet"` matches "Het WERKT niet").
    TextContainsAny {
        /// Words or phrases of several words.
        #[schema(min_items = 1)]
        words: Vec<String>,
    },
    /// The ticket came in through one of these channels.
    ChannelIs {
        /// Any of these.
        #[schema(min_items = 1)]
        channels: Vec<Channel>,
    },
    /// The requester filed the ticket under one of these categories (exact match).
    CategoryIs {
        /// Any of these.
        #[schema(schema_with = categories_schema)]
        categories: Vec<String>,
    },
    /// The requester belongs to one of these organisations.
    OrganizationIs {
        /// Any of these.
        #[schema(min_items = 1)]
        organization_ids: Vec<Uuid>,
    },
    /// The requester has one of these roles.
    RequesterRoleIs {
        /// Any of these.
        #[schema(min_items = 1)]
        roles: Vec<Role>,
    },
    /// The organisation has (or, with `false`, has no) maintenance contract valid today.
    HasValidContract {
        /// Whether a valid contract is required or its absence.
        value: bool,
    },
}

/// What a firing rule does. Serialised with a `type` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Sets the ticket kind.
    SetKind {
        /// The new kind.
        kind: Kind,
    },
    /// Sets the category.
    SetCategory {
        /// The new category.
        #[schema(schema_with = category_schema)]
        category: String,
    },
    /// Sets the impact (a suggestion staff can change).
    SetImpact {
        /// The new impact.
        impact: Impact,
    },
    /// Sets the urgency.
    SetUrgency {
        /// The new urgency.
        urgency: Urgency,
    },
    /// Assigns the ticket to an agent.
    AssignTo {
        /// The agent's user id.
        agent_id: Uuid,
    },
    /// Adds an internal (staff-only) note to the ticket.
    AddInternalNote {
        /// The note, in Markdown.
        #[schema(schema_with = note_schema)]
        body: String,
    },
    /// No later rule runs.
    StopProcessing,
}

/// The ticket fields triage may change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct TriageFields {
    /// The ticket kind.
    pub kind: Kind,
    /// The category, if any.
    pub category: Option<String>,
    /// The impact, if set.
    pub impact: Option<Impact>,
    /// The urgency, if stated.
    pub urgency: Option<Urgency>,
    /// The assigned agent, if any.
    pub assignee_id: Option<Uuid>,
}

/// What the rules look at: what the requester filed, and the fields as they are now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TicketFacts {
    /// The subject line.
    pub subject: String,
    /// The description (body of the first message).
    pub description: String,
    /// How the ticket came in.
    pub channel: Channel,
    /// The category the requester chose when filing, read by `category_is`.
    pub requested_category: Option<String>,
    /// The requester's organisation (none for staff filing for themselves).
    pub organization_id: Option<Uuid>,
    /// The requester's role.
    pub requester_role: Role,
    /// Whether the organisation has a maintenance contract valid today.
    pub has_valid_contract: bool,
    /// The fields before triage; unchanged unless a rule sets them.
    pub fields: TriageFields,
}

/// Where a text condition found its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    /// The subject line.
    Subject,
    /// The description.
    Description,
}

/// Why one condition matched. Serialised with a `condition` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "condition", rename_all = "snake_case")]
pub enum MatchReason {
    /// `text_contains_any` found `word` (as listed in the rule) in `field`.
    TextContainsAny {
        /// The listed word or phrase that matched.
        word: String,
        /// Where it was found (the subject is searched first).
        field: TextField,
    },
    /// `channel_is` matched this channel.
    ChannelIs {
        /// The ticket's channel.
        channel: Channel,
    },
    /// `category_is` matched this category.
    CategoryIs {
        /// The requested category.
        category: String,
    },
    /// `organization_is` matched this organisation.
    OrganizationIs {
        /// The requester's organisation.
        organization_id: Uuid,
    },
    /// `requester_role_is` matched this role.
    RequesterRoleIs {
        /// The requester's role.
        role: Role,
    },
    /// `has_valid_contract` matched.
    HasValidContract {
        /// Whether the organisation has a valid contract.
        value: bool,
    },
}

/// What one action did. Serialised with an `action` tag; `old` equals `new` when the field
/// already had the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    /// The kind.
    Kind {
        /// Before.
        old: Kind,
        /// After.
        new: Kind,
    },
    /// The category.
    Category {
        /// Before.
        old: Option<String>,
        /// After.
        new: String,
    },
    /// The impact.
    Impact {
        /// Before.
        old: Option<Impact>,
        /// After.
        new: Impact,
    },
    /// The urgency.
    Urgency {
        /// Before.
        old: Option<Urgency>,
        /// After.
        new: Urgency,
    },
    /// The assignee.
    Assignee {
        /// Before.
        old: Option<Uuid>,
        /// After.
        new: Uuid,
    },
    /// An internal note was added.
    InternalNote {
        /// The note.
        body: String,
    },
    /// No later rule ran.
    StopProcessing,
}

/// One action of one firing rule, with the reasons the rule fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Decision {
    /// The rule's id.
    pub rule_id: Uuid,
    /// The rule's name at the time of the decision.
    pub rule_name: String,
    /// One reason per condition, in the rule's order; empty for a rule without conditions.
    pub reasons: Vec<MatchReason>,
    /// What the action did.
    pub change: Change,
}

/// The result of triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TriageOutcome {
    /// The fields after every firing rule.
    pub fields: TriageFields,
    /// Internal notes to add to the ticket, in order.
    pub internal_notes: Vec<String>,
    /// Every action taken, in order.
    pub decisions: Vec<Decision>,
}

/// One problem of a rule, located by a JSON path into the rule (`conditions[1].words`).
///
/// Same shape as the HTTP layer's field error, so it maps one to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RuleFieldError {
    /// JSON path of the offending value, e.g. `actions[0].kind`.
    pub field: String,
    /// Kind of problem: `required`, `invalid_type`, `unknown_variant`, `unknown_field`,
    /// `empty`, `length`, `no_letters`, `duplicate`.
    pub code: String,
    /// What is wrong, for a person.
    pub message: String,
}

impl RuleFieldError {
    fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> RuleFieldError {
        RuleFieldError {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl Rule {
    /// The rule made of `input` with identity `id`.
    pub fn from_input(id: Uuid, input: RuleInput) -> Rule {
        Rule {
            id,
            name: input.name,
            enabled: input.enabled,
            position: input.position,
            conditions: input.conditions,
            actions: input.actions,
        }
    }

    /// Every problem of this rule (empty when valid); see [`RuleInput::validate`].
    pub fn validate(&self) -> Vec<RuleFieldError> {
        validate_parts(&self.name, &self.conditions, &self.actions)
    }
}

impl RuleInput {
    /// Every problem of this rule (empty when valid): a blank or too long name, a condition
    /// with an empty list, a word without letters or digits, a blank category or note, a
    /// rule without actions, two actions setting the same field.
    pub fn validate(&self) -> Vec<RuleFieldError> {
        validate_parts(&self.name, &self.conditions, &self.actions)
    }
}

fn validate_parts(name: &str, conditions: &[Condition], actions: &[Action]) -> Vec<RuleFieldError> {
    let mut errors = Vec::new();
    if name.trim().is_empty() {
        errors.push(RuleFieldError::new("name", "required", "must not be blank"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(RuleFieldError::new(
            "name",
            "length",
            format!("must be at most {MAX_NAME_CHARS} characters long"),
        ));
    }
    for (index, condition) in conditions.iter().enumerate() {
        validate_condition(&format!("conditions[{index}]"), condition, &mut errors);
    }
    if actions.is_empty() {
        errors.push(RuleFieldError::new("actions", "empty", "must hold at least one action"));
    }
    let mut first_of_type: Vec<(&'static str, usize)> = Vec::new();
    for (index, action) in actions.iter().enumerate() {
        let path = format!("actions[{index}]");
        validate_action(&path, action, &mut errors);
        // Notes may repeat; a field set twice by one rule is a mistake (the first is lost).
        let action_type = action_type_name(action);
        if action_type == "add_internal_note" {
            continue;
        }
        match first_of_type.iter().find(|(seen, _)| *seen == action_type) {
            Some((_, first)) => errors.push(RuleFieldError::new(
                format!("{path}.type"),
                "duplicate",
                format!("{action_type} already appears in actions[{first}]"),
            )),
            None => first_of_type.push((action_type, index)),
        }
    }
    errors
}

fn validate_condition(path: &str, condition: &Condition, errors: &mut Vec<RuleFieldError>) {
    let empty = |field: &str, what: &str| {
        RuleFieldError::new(
            format!("{path}.{field}"),
            "empty",
            format!("must list at least one {what}"),
        )
    };
    match condition {
        Condition::TextContainsAny { words } => {
            if words.is_empty() {
                errors.push(empty("words", "word"));
            }
            for (index, word) in words.iter().enumerate() {
                if crate::domain::text::words(word).is_empty() {
                    errors.push(RuleFieldError::new(
                        format!("{path}.words[{index}]"),
                        "no_letters",
                        "must contain a letter or a digit",
                    ));
                }
            }
        }
        Condition::ChannelIs { channels } if channels.is_empty() => errors.push(empty("channels", "channel")),
        Condition::CategoryIs { categories } => {
            if categories.is_empty() {
                errors.push(empty("categories", "category"));
            }
            for (index, category) in categories.iter().enumerate() {
                validate_category(&format!("{path}.categories[{index}]"), category, errors);
            }
        }
        Condition::OrganizationIs { organization_ids } if organization_ids.is_empty() => {
            errors.push(empty("organization_ids", "organisation"))
        }
        Condition::RequesterRoleIs { roles } if roles.is_empty() => errors.push(empty("roles", "role")),
        _ => {}
    }
}

fn validate_category(path: &str, category: &str, errors: &mut Vec<RuleFieldError>) {
    if category.trim().is_empty() {
        errors.push(RuleFieldError::new(path, "required", "must not be blank"));
    } else if category.chars().count() > MAX_CATEGORY_CHARS {
        errors.push(RuleFieldError::new(
            path,
            "length",
            format!("must be at most {MAX_CATEGORY_CHARS} characters long"),
        ));
    }
}

fn validate_action(path: &str, action: &Action, errors: &mut Vec<RuleFieldError>) {
    match action {
        Action::SetCategory { category } => validate_category(&format!("{path}.category"), category, errors),
        Action::AddInternalNote { body } => {
            let field = format!("{path}.body");
            if body.trim().is_empty() {
                errors.push(RuleFieldError::new(field, "required", "must not be blank"));
            } else if body.chars().count() > MAX_NOTE_CHARS {
                errors.push(RuleFieldError::new(
                    field,
                    "length",
                    format!("must be at most {MAX_NOTE_CHARS} characters long"),
                ));
            }
        }
        _ => {}
    }
}

const CONDITION_TYPES: [&str; 6] = [
    "text_contains_any",
    "channel_is",
    "category_is",
    "organization_is",
    "requester_role_is",
    "has_valid_contract",
];

const ACTION_TYPES: [&str; 7] = [
    "set_kind",
    "set_category",
    "set_impact",
    "set_urgency",
    "assign_to",
    "add_internal_note",
    "stop_processing",
];

fn action_type_name(action: &Action) -> &'static str {
    match action {
        Action::SetKind { .. } => "set_kind",
        Action::SetCategory { .. } => "set_category",
        Action::SetImpact { .. } => "set_impact",
        Action::SetUrgency { .. } => "set_urgency",
        Action::AssignTo { .. } => "assign_to",
        Action::AddInternalNote { .. } => "add_internal_note",
        Action::StopProcessing => "stop_processing",
    }
}

/// Reads the fields of one JSON object, recording every problem under its path.
struct ObjectReader<'a> {
    object: &'a Map<String, Value>,
    path: String,
    read: Vec<&'static str>,
}

impl<'a> ObjectReader<'a> {
    fn new(value: &'a Value, path: String, errors: &mut Vec<RuleFieldError>) -> Option<ObjectReader<'a>> {
        match value.as_object() {
            Some(object) => Some(ObjectReader {
                object,
                path,
                read: Vec::new(),
            }),
            None => {
                errors.push(RuleFieldError::new(
                    if path.is_empty() { "$".to_owned() } else { path },
                    "invalid_type",
                    "must be a JSON object",
                ));
                None
            }
        }
    }

    fn field_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn optional<T: DeserializeOwned>(&mut self, key: &'static str, errors: &mut Vec<RuleFieldError>) -> Option<T> {
        self.read.push(key);
        let value = self.object.get(key)?;
        match T::deserialize(value) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                let message = error.to_string();
                let code = if message.starts_with("unknown variant") {
                    "unknown_variant"
                } else {
                    "invalid_type"
                };
                errors.push(RuleFieldError::new(self.field_path(key), code, message));
                None
            }
        }
    }

    fn required<T: DeserializeOwned>(&mut self, key: &'static str, errors: &mut Vec<RuleFieldError>) -> Option<T> {
        if !self.object.contains_key(key) {
            self.read.push(key);
            errors.push(RuleFieldError::new(self.field_path(key), "required", "is required"));
            return None;
        }
        self.optional(key, errors)
    }

    fn list(
        &mut self,
        key: &'static str,
        errors: &mut Vec<RuleFieldError>,
        parse_item: fn(&Value, String, &mut Vec<RuleFieldError>) -> Option<Value>,
    ) -> Option<Vec<Value>> {
        self.read.push(key);
        let Some(value) = self.object.get(key) else {
            return Some(Vec::new());
        };
        let Some(items) = value.as_array() else {
            errors.push(RuleFieldError::new(
                self.field_path(key),
                "invalid_type",
                "must be a JSON array",
            ));
            return None;
        };
        let base = self.field_path(key);
        let parsed: Vec<Option<Value>> = items
            .iter()
            .enumerate()
            .map(|(index, item)| parse_item(item, format!("{base}[{index}]"), errors))
            .collect();
        parsed.into_iter().collect()
    }

    /// Reports the keys nothing read (typos such as `word` for `words`).
    fn finish(self, errors: &mut Vec<RuleFieldError>) {
        let mut unknown: Vec<&String> = self
            .object
            .keys()
            .filter(|key| !self.read.contains(&key.as_str()))
            .collect();
        unknown.sort();
        for key in unknown {
            errors.push(RuleFieldError::new(
                self.field_path(key),
                "unknown_field",
                "is not a known field",
            ));
        }
    }
}

/// Checks a tagged object's `type` and its fields; returns the object re-serialised when
/// every field is valid, so that serde builds the enum without surprises.
fn check_tagged(
    value: &Value,
    path: String,
    errors: &mut Vec<RuleFieldError>,
    what: &str,
    types: &[&str],
    read_fields: fn(&str, &mut ObjectReader<'_>, &mut Vec<RuleFieldError>) -> bool,
) -> Option<Value> {
    let mut reader = ObjectReader::new(value, path, errors)?;
    let type_name: String = reader.required("type", errors)?;
    if !types.contains(&type_name.as_str()) {
        errors.push(RuleFieldError::new(
            reader.field_path("type"),
            "unknown_variant",
            format!(
                "unknown {what} type `{type_name}`: expected one of {}",
                types.join(", ")
            ),
        ));
        return None;
    }
    let fields_ok = read_fields(&type_name, &mut reader, errors);
    let errors_before = errors.len();
    reader.finish(errors);
    (fields_ok && errors.len() == errors_before).then(|| value.clone())
}

fn read_condition_fields(type_name: &str, reader: &mut ObjectReader<'_>, errors: &mut Vec<RuleFieldError>) -> bool {
    match type_name {
        "text_contains_any" => reader.required::<Vec<String>>("words", errors).is_some(),
        "channel_is" => reader.required::<Vec<Channel>>("channels", errors).is_some(),
        "category_is" => reader.required::<Vec<String>>("categories", errors).is_some(),
        "organization_is" => reader.required::<Vec<Uuid>>("organization_ids", errors).is_some(),
        "requester_role_is" => reader.required::<Vec<Role>>("roles", errors).is_some(),
        _ => reader.required::<bool>("value", errors).is_some(),
    }
}

fn read_action_fields(type_name: &str, reader: &mut ObjectReader<'_>, errors: &mut Vec<RuleFieldError>) -> bool {
    match type_name {
        "set_kind" => reader.required::<Kind>("kind", errors).is_some(),
        "set_category" => reader.required::<String>("category", errors).is_some(),
        "set_impact" => reader.required::<Impact>("impact", errors).is_some(),
        "set_urgency" => reader.required::<Urgency>("urgency", errors).is_some(),
        "assign_to" => reader.required::<Uuid>("agent_id", errors).is_some(),
        "add_internal_note" => reader.required::<String>("body", errors).is_some(),
        _ => true,
    }
}

fn check_condition(value: &Value, path: String, errors: &mut Vec<RuleFieldError>) -> Option<Value> {
    check_tagged(
        value,
        path,
        errors,
        "condition",
        &CONDITION_TYPES,
        read_condition_fields,
    )
}

fn check_action(value: &Value, path: String, errors: &mut Vec<RuleFieldError>) -> Option<Value> {
    check_tagged(value, path, errors, "action", &ACTION_TYPES, read_action_fields)
}

/// Parses and validates a rule from a request body, reporting every problem with its path
/// (`name`, `conditions[1].words`, `actions[0].kind`, `actions[2].type`, …).
///
/// `enabled` defaults to `true` and `conditions` to none; unknown fields are errors.
pub fn parse_rule_input(body: &Value) -> Result<RuleInput, Vec<RuleFieldError>> {
    let mut errors = Vec::new();
    let Some(mut reader) = ObjectReader::new(body, String::new(), &mut errors) else {
        return Err(errors);
    };
    let name: Option<String> = reader.required("name", &mut errors);
    let enabled: Option<bool> = reader.optional("enabled", &mut errors);
    let position: Option<i32> = reader.required("position", &mut errors);
    let conditions = reader.list("conditions", &mut errors, check_condition);
    let actions = if body.get("actions").is_some() {
        reader.list("actions", &mut errors, check_action)
    } else {
        reader.read.push("actions");
        errors.push(RuleFieldError::new("actions", "required", "is required"));
        None
    };
    reader.finish(&mut errors);
    let (Some(name), Some(position), Some(conditions), Some(actions)) = (name, position, conditions, actions) else {
        return Err(errors);
    };
    let conditions = deserialize_checked::<Condition>(conditions, "conditions", &mut errors);
    let actions = deserialize_checked::<Action>(actions, "actions", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let input = RuleInput {
        name,
        enabled: enabled.unwrap_or(true),
        position,
        conditions,
        actions,
    };
    let problems = input.validate();
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(problems)
    }
}

fn deserialize_checked<T: DeserializeOwned>(items: Vec<Value>, list: &str, errors: &mut Vec<RuleFieldError>) -> Vec<T> {
    let mut parsed = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        // Every field was checked one by one above; this only fails if the checks and the
        // serde shape drift apart, and then it still names the item.
        match serde_json::from_value(item) {
            Ok(value) => parsed.push(value),
            Err(error) => errors.push(RuleFieldError::new(
                format!("{list}[{index}]"),
                "invalid_type",
                error.to_string(),
            )),
        }
    }
    parsed
}

/// Reasons for every condition of `rule`, or `None` when one of them does not match.
fn match_rule(
    rule: &Rule,
    facts: &TicketFacts,
    subject: &FoldedText,
    description: &FoldedText,
) -> Option<Vec<MatchReason>> {
    rule.conditions
        .iter()
        .map(|condition| match condition {
            Condition::TextContainsAny { words } => subject
                .find_any(words)
                .map(|word| (word, TextField::Subject))
                .or_else(|| description.find_any(words).map(|word| (word, TextField::Description)))
                .map(|(word, field)| MatchReason::TextContainsAny {
                    word: word.to_owned(),
                    field,
                }),
            Condition::ChannelIs { channels } => channels
                .contains(&facts.channel)
                .then_some(MatchReason::ChannelIs { channel: facts.channel }),
            Condition::CategoryIs { categories } => facts
                .requested_category
                .as_ref()
                .filter(|category| categories.contains(category))
                .map(|category| MatchReason::CategoryIs {
                    category: category.clone(),
                }),
            Condition::OrganizationIs { organization_ids } => facts
                .organization_id
                .filter(|id| organization_ids.contains(id))
                .map(|organization_id| MatchReason::OrganizationIs { organization_id }),
            Condition::RequesterRoleIs { roles } => {
                roles
                    .contains(&facts.requester_role)
                    .then_some(MatchReason::RequesterRoleIs {
                        role: facts.requester_role,
                    })
            }
            Condition::HasValidContract { value } => {
                (facts.has_valid_contract == *value).then_some(MatchReason::HasValidContract { value: *value })
            }
        })
        .collect()
}

fn apply(action: &Action, fields: &mut TriageFields, notes: &mut Vec<String>) -> Change {
    match action {
        Action::SetKind { kind } => Change::Kind {
            old: std::mem::replace(&mut fields.kind, *kind),
            new: *kind,
        },
        Action::SetCategory { category } => Change::Category {
            old: fields.category.replace(category.clone()),
            new: category.clone(),
        },
        Action::SetImpact { impact } => Change::Impact {
            old: fields.impact.replace(*impact),
            new: *impact,
        },
        Action::SetUrgency { urgency } => Change::Urgency {
            old: fields.urgency.replace(*urgency),
            new: *urgency,
        },
        Action::AssignTo { agent_id } => Change::Assignee {
            old: fields.assignee_id.replace(*agent_id),
            new: *agent_id,
        },
        Action::AddInternalNote { body } => {
            notes.push(body.clone());
            Change::InternalNote { body: body.clone() }
        }
        Action::StopProcessing => Change::StopProcessing,
    }
}

/// Runs `rules` on `facts` (see the module documentation for the semantics). Pure and
/// deterministic: the same rules, in any slice order, and facts give the same outcome.
pub fn evaluate(rules: &[Rule], facts: &TicketFacts) -> TriageOutcome {
    let subject = FoldedText::new(&facts.subject);
    let description = FoldedText::new(&facts.description);
    let mut ordered: Vec<&Rule> = rules.iter().filter(|rule| rule.enabled).collect();
    ordered.sort_by_key(|rule| (rule.position, rule.id));

    let mut fields = facts.fields.clone();
    let mut internal_notes = Vec::new();
    let mut decisions = Vec::new();
    for rule in ordered {
        let Some(reasons) = match_rule(rule, facts, &subject, &description) else {
            continue;
        };
        for action in &rule.actions {
            decisions.push(Decision {
                rule_id: rule.id,
                rule_name: rule.name.clone(),
                reasons: reasons.clone(),
                change: apply(action, &mut fields, &mut internal_notes),
            });
        }
        if rule.actions.contains(&Action::StopProcessing) {
            break;
        }
    }
    TriageOutcome {
        fields,
        internal_notes,
        decisions,
    }
}

impl Decision {
    /// The decision as a sentence for a person, e.g. "kind set to issue by rule 'Defect
    /// words' — matched 'foutmelding' in the description" or in Dutch "soort op issue
    /// gezet door regel 'Defect words' — 'foutmelding' gevonden in de beschrijving".
    pub fn sentence(&self, language: Language) -> String {
        let rule = &self.rule_name;
        let change = match &self.change {
            Change::Kind { old, new } => field_sentence(
                language,
                ("kind", "soort"),
                old != new,
                kind_label(*new, language),
                rule,
            ),
            Change::Category { old, new } => field_sentence(
                language,
                ("category", "categorie"),
                old.as_ref() != Some(new),
                &format!("'{new}'"),
                rule,
            ),
            Change::Impact { old, new } => field_sentence(
                language,
                ("impact", "impact"),
                *old != Some(*new),
                impact_label(*new, language),
                rule,
            ),
            Change::Urgency { old, new } => field_sentence(
                language,
                ("urgency", "urgentie"),
                *old != Some(*new),
                urgency_label(*new, language),
                rule,
            ),
            Change::Assignee { old, new } => field_sentence(
                language,
                ("assignee", "behandelaar"),
                *old != Some(*new),
                &new.to_string(),
                rule,
            ),
            Change::InternalNote { .. } => match language {
                Language::En => format!("internal note added by rule '{rule}'"),
                Language::Nl => format!("interne notitie toegevoegd door regel '{rule}'"),
            },
            Change::StopProcessing => match language {
                Language::En => format!("later rules skipped by rule '{rule}'"),
                Language::Nl => format!("volgende regels overgeslagen door regel '{rule}'"),
            },
        };
        let reasons = if self.reasons.is_empty() {
            match language {
                Language::En => "the rule has no conditions".to_owned(),
                Language::Nl => "de regel heeft geen voorwaarden".to_owned(),
            }
        } else {
            self.reasons
                .iter()
                .map(|reason| describe_reason(reason, language))
                .collect::<Vec<_>>()
                .join("; ")
        };
        format!("{change} — {reasons}")
    }
}

/// "kind set to issue by rule 'x'"; `field` is the field's (English, Dutch) name.
fn field_sentence(language: Language, field: (&str, &str), changed: bool, new: &str, rule: &str) -> String {
    match (language, changed) {
        (Language::En, true) => format!("{} set to {new} by rule '{rule}'", field.0),
        (Language::En, false) => format!("{} kept at {new} by rule '{rule}'", field.0),
        (Language::Nl, true) => format!("{} op {new} gezet door regel '{rule}'", field.1),
        (Language::Nl, false) => format!("{} blijft {new} volgens regel '{rule}'", field.1),
    }
}

fn kind_label(kind: Kind, language: Language) -> &'static str {
    match (kind, language) {
        (Kind::Support, Language::En) => "support ticket",
        (Kind::Support, Language::Nl) => "supportticket",
        (Kind::Issue, _) => "issue",
        (Kind::ChangeRequest, _) => "change request",
    }
}

fn impact_label(impact: Impact, language: Language) -> &'static str {
    match (impact, language) {
        (Impact::Low, Language::En) => "low",
        (Impact::Medium, Language::En) => "medium",
        (Impact::High, Language::En) => "high",
        (Impact::Critical, Language::En) => "critical",
        (Impact::Low, Language::Nl) => "laag",
        (Impact::Medium, Language::Nl) => "gemiddeld",
        (Impact::High, Language::Nl) => "hoog",
        (Impact::Critical, Language::Nl) => "kritiek",
    }
}

fn urgency_label(urgency: Urgency, language: Language) -> &'static str {
    let as_impact = match urgency {
        Urgency::Low => Impact::Low,
        Urgency::Medium => Impact::Medium,
        Urgency::High => Impact::High,
        Urgency::Critical => Impact::Critical,
    };
    // The two scales share their four words.
    impact_label(as_impact, language)
}

fn describe_reason(reason: &MatchReason, language: Language) -> String {
    match (reason, language) {
        (MatchReason::TextContainsAny { word, field }, Language::En) => format!(
            "matched '{word}' in the {}",
            match field {
                TextField::Subject => "subject",
                TextField::Description => "description",
            }
        ),
        (MatchReason::TextContainsAny { word, field }, Language::Nl) => format!(
            "'{word}' gevonden in {}",
            match field {
                TextField::Subject => "het onderwerp",
                TextField::Description => "de beschrijving",
            }
        ),
        (MatchReason::ChannelIs { channel }, Language::En) => {
            format!("channel is {}", channel_label(*channel, language))
        }
        (MatchReason::ChannelIs { channel }, Language::Nl) => {
            format!("kanaal is {}", channel_label(*channel, language))
        }
        (MatchReason::CategoryIs { category }, Language::En) => format!("requested category is '{category}'"),
        (MatchReason::CategoryIs { category }, Language::Nl) => format!("gevraagde categorie is '{category}'"),
        (MatchReason::OrganizationIs { organization_id }, Language::En) => {
            format!("organisation is {organization_id}")
        }
        (MatchReason::OrganizationIs { organization_id }, Language::Nl) => {
            format!("organisatie is {organization_id}")
        }
        (MatchReason::RequesterRoleIs { role }, Language::En) => {
            format!("requester is {}", role_label(*role, language))
        }
        (MatchReason::RequesterRoleIs { role }, Language::Nl) => {
            format!("aanvrager is {}", role_label(*role, language))
        }
        (MatchReason::HasValidContract { value: true }, Language::En) => "has a valid maintenance contract".to_owned(),
        (MatchReason::HasValidContract { value: false }, Language::En) => {
            "has no valid maintenance contract".to_owned()
        }
        (MatchReason::HasValidContract { value: true }, Language::Nl) => {
            "heeft een geldig onderhoudscontract".to_owned()
        }
        (MatchReason::HasValidContract { value: false }, Language::Nl) => {
            "heeft geen geldig onderhoudscontract".to_owned()
        }
    }
}

fn channel_label(channel: Channel, language: Language) -> &'static str {
    match (channel, language) {
        (Channel::Portal, Language::En) => "the portal",
        (Channel::Portal, Language::Nl) => "het portaal",
        (Channel::Email, _) => "e-mail",
        (Channel::Phone, Language::En) => "phone",
        (Channel::Phone, Language::Nl) => "telefoon",
        (Channel::Api, _) => "the API",
    }
}

fn role_label(role: Role, language: Language) -> &'static str {
    match (role, language) {
        (Role::Customer, Language::En) => "a customer",
        (Role::Customer, Language::Nl) => "een klant",
        (Role::CustomerAdmin, Language::En) => "a customer admin",
        (Role::CustomerAdmin, Language::Nl) => "een klantbeheerder",
        (Role::Agent, Language::En) => "an agent",
        (Role::Agent, Language::Nl) => "een medewerker",
        (Role::Admin, Language::En) => "an admin",
        (Role::Admin, Language::Nl) => "een beheerder",
    }
}

/// Gap between two positions written by [`reordered_positions`], so that a rule added later
/// can go between two others without moving them.
pub const POSITION_STEP: i32 = 10;

/// Checks a new order of the rules: `ids` must name every rule of `existing` exactly once.
/// Problems are located in the request (`ids[2]` for an unknown or repeated id, `ids` for
/// the rules it leaves out).
pub fn check_order(existing: &[Uuid], ids: &[Uuid]) -> Vec<RuleFieldError> {
    let mut errors = Vec::new();
    let mut seen: Vec<(Uuid, usize)> = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        if let Some((_, first)) = seen.iter().find(|(other, _)| other == id) {
            errors.push(RuleFieldError::new(
                format!("ids[{index}]"),
                "duplicate",
                format!("rule {id} is already listed at ids[{first}]"),
            ));
        } else if !existing.contains(id) {
            errors.push(RuleFieldError::new(
                format!("ids[{index}]"),
                "unknown_rule",
                format!("there is no triage rule {id}"),
            ));
        } else {
            seen.push((*id, index));
        }
    }
    let missing: Vec<String> = existing
        .iter()
        .filter(|id| !ids.contains(id))
        .map(Uuid::to_string)
        .collect();
    if !missing.is_empty() {
        errors.push(RuleFieldError::new(
            "ids",
            "missing",
            format!("must list every rule exactly once; missing: {}", missing.join(", ")),
        ));
    }
    errors
}

/// The positions of the rules in the order `ids` gives (checked by [`check_order`]):
/// 10, 20, 30, … so that [`evaluate`] runs them in exactly that order.
pub fn reordered_positions(ids: &[Uuid]) -> Vec<(Uuid, i32)> {
    ids.iter()
        .zip(1_i32..)
        .map(|(id, n)| (*id, n.saturating_mul(POSITION_STEP)))
        .collect()
}

/// Id of the seeded change-request rule.
pub const CHANGE_REQUEST_RULE_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_0000_0000_0000_0000_0101);
/// Id of the seeded defect rule.
pub const DEFECT_RULE_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_0000_0000_0000_0000_0102);

/// The rules a new installation starts with; fixed ids so that seeding twice adds nothing.
///
/// Change-request words (position 10) make a ticket a `change_request`; defect words
/// (position 20) make it an `issue` and, being later, win when a text has both ("the new
/// feature crashes" is a defect). Everything else stays `support`.
pub fn default_rules() -> Vec<Rule> {
    let words = |list: &[&str]| list.iter().map(|word| (*word).to_owned()).collect::<Vec<String>>();
    vec![
        Rule {
            id: CHANGE_REQUEST_RULE_ID,
            name: "Change-request words".to_owned(),
            enabled: true,
            position: 10,
            conditions: vec![Condition::TextContainsAny {
                words: words(&[
                    "change request",
                    "change requests",
                    "request a change",
                    "feature",
                    "feature request",
                    "new feature",
                    "enhancement",
                    "wijzigingsaanvraag",
                    "wijzigingsverzoek",
                    "aanvraag tot wijziging",
                    "aanvragen tot wijzigingen",
                    "wijziging aanvragen",
                    "nieuwe functie",
                    "nieuwe functionaliteit",
                    "aanpassing",
                    "aanpassingen",
                    "uitbreiding",
                ]),
            }],
            actions: vec![Action::SetKind {
                kind: Kind::ChangeRequest,
            }],
        },
        Rule {
            id: DEFECT_RULE_ID,
            name: "Defect words".to_owned(),
            enabled: true,
            position: 20,
            conditions: vec![Condition::TextContainsAny {
                words: words(&[
                    "bug",
                    "bugs",
                    "error",
                    "errors",
                    "crash",
                    "crashes",
                    "crashed",
                    "crasht",
                    "gecrasht",
                    "exception",
                    "defect",
                    "broken",
                    "doesn't work",
                    "does not work",
                    "not working",
                    "fails",
                    "failed",
                    "fout",
                    "fouten",
                    "foutmelding",
                    "foutmeldingen",
                    "werkt niet",
                    "loopt vast",
                    "vastgelopen",
                    "kapot",
                    "storing",
                ]),
            }],
            actions: vec![Action::SetKind { kind: Kind::Issue }],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const ORG_A: Uuid = Uuid::from_u128(0xa);
    const ORG_B: Uuid = Uuid::from_u128(0xb);
    const AGENT_1: Uuid = Uuid::from_u128(0x1001);
    const AGENT_2: Uuid = Uuid::from_u128(0x1002);

    fn facts(subject: &str, description: &str) -> TicketFacts {
        TicketFacts {
            subject: subject.to_owned(),
            description: description.to_owned(),
            channel: Channel::Portal,
            requested_category: None,
            organization_id: Some(ORG_A),
            requester_role: Role::Customer,
            has_valid_contract: true,
            fields: TriageFields::default(),
        }
    }

    fn rule(n: u128, position: i32, conditions: Vec<Condition>, actions: Vec<Action>) -> Rule {
        Rule {
            id: Uuid::from_u128(n),
            name: format!("rule {n}"),
            enabled: true,
            position,
            conditions,
            actions,
        }
    }

    fn set_kind(kind: Kind) -> Action {
        Action::SetKind { kind }
    }

    fn text(words: &[&str]) -> Condition {
        Condition::TextContainsAny {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
        }
    }

    fn fired_rule_ids(outcome: &TriageOutcome) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = outcome.decisions.iter().map(|d| d.rule_id).collect();
        ids.dedup();
        ids
    }

    #[test]
    fn an_order_names_every_rule_once_and_runs_as_given() {
        let [a, b, c] = [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)];
        assert!(check_order(&[a, b, c], &[c, a, b]).is_empty());
        assert!(check_order(&[], &[]).is_empty());
        let fields = |errors: Vec<RuleFieldError>| errors.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>();
        assert_eq!(
            fields(check_order(&[a, b, c], &[c, a, a, Uuid::from_u128(9)])),
            [
                ("ids[2]".to_owned(), "duplicate".to_owned()),
                ("ids[3]".to_owned(), "unknown_rule".to_owned()),
                ("ids".to_owned(), "missing".to_owned()),
            ]
        );
        // The written positions make evaluate() run the rules in the order given, whatever
        // their ids and old positions.
        let mut rules = vec![
            rule(1, 30, vec![], vec![set_kind(Kind::Issue)]),
            rule(2, 10, vec![], vec![set_kind(Kind::ChangeRequest)]),
            rule(3, 20, vec![], vec![set_kind(Kind::Support)]),
        ];
        for (id, position) in reordered_positions(&[c, b, a]) {
            rules.iter_mut().find(|r| r.id == id).unwrap().position = position;
        }
        let outcome = evaluate(&rules, &facts("x", ""));
        assert_eq!(fired_rule_ids(&outcome), [c, b, a]);
        assert_eq!(outcome.fields.kind, Kind::Issue, "the last one wins");
    }

    #[test]
    fn default_rules_classify_dutch_and_english_texts() {
        let rules = default_rules();
        let kind_of = |subject: &str, description: &str| evaluate(&rules, &facts(subject, description)).fields.kind;
        assert_eq!(kind_of("Foutmelding bij het afdrukken", ""), Kind::Issue);
        assert_eq!(kind_of("FOUTMÉLDING", ""), Kind::Issue);
        assert_eq!(
            kind_of("Facturatie", "Het programma werkt niet meer sinds gisteren"),
            Kind::Issue
        );
        assert_eq!(kind_of("Export", "It doesn’t work"), Kind::Issue);
        assert_eq!(kind_of("Login", "NullPointer exception on start"), Kind::Issue);
        assert_eq!(kind_of("Het pakket crasht", ""), Kind::Issue);
        assert_eq!(kind_of("Wijzigingsaanvraag: extra kolom", ""), Kind::ChangeRequest);
        assert_eq!(kind_of("Kleine aanpassing aan de lay-out", ""), Kind::ChangeRequest);
        assert_eq!(kind_of("I would like to request a change", ""), Kind::ChangeRequest);
        assert_eq!(kind_of("Enhancement: dark mode", ""), Kind::ChangeRequest);
        assert_eq!(kind_of("Nieuwe functie voor export", ""), Kind::ChangeRequest);
        assert_eq!(kind_of("Hoe maak ik een factuur?", "Graag uitleg."), Kind::Support);
        // Whole words only: "fouten" is listed, "foutje" and "debugging" are not defect words.
        assert_eq!(
            kind_of("Een foutje in mijn uitleg", "debugging tips please"),
            Kind::Support
        );
    }

    #[test]
    fn the_defect_rule_wins_over_the_change_request_rule() {
        let outcome = evaluate(&default_rules(), &facts("De nieuwe functie crasht", ""));
        assert_eq!(outcome.fields.kind, Kind::Issue);
        assert_eq!(fired_rule_ids(&outcome), vec![CHANGE_REQUEST_RULE_ID, DEFECT_RULE_ID]);
        assert_eq!(
            outcome.decisions[1].change,
            Change::Kind {
                old: Kind::ChangeRequest,
                new: Kind::Issue
            }
        );
    }

    #[test]
    fn default_rules_are_valid_and_round_trip_through_json() {
        for rule in default_rules() {
            assert_eq!(rule.validate(), vec![], "{}", rule.name);
            let json = serde_json::to_value(&rule).unwrap();
            assert_eq!(serde_json::from_value::<Rule>(json).unwrap(), rule);
        }
    }

    #[test]
    fn a_decision_records_the_rule_the_matched_word_and_the_change() {
        let outcome = evaluate(&default_rules(), &facts("Vraag", "Ik krijg een foutmelding"));
        assert_eq!(
            outcome.decisions,
            vec![Decision {
                rule_id: DEFECT_RULE_ID,
                rule_name: "Defect words".to_owned(),
                reasons: vec![MatchReason::TextContainsAny {
                    word: "foutmelding".to_owned(),
                    field: TextField::Description,
                }],
                change: Change::Kind {
                    old: Kind::Support,
                    new: Kind::Issue
                },
            }]
        );
        assert_eq!(
            outcome.decisions[0].sentence(Language::En),
            "kind set to issue by rule 'Defect words' — matched 'foutmelding' in the description"
        );
        assert_eq!(
            outcome.decisions[0].sentence(Language::Nl),
            "soort op issue gezet door regel 'Defect words' — 'foutmelding' gevonden in de beschrijving"
        );
    }

    #[test]
    fn the_subject_is_searched_before_the_description() {
        let rules = [rule(1, 1, vec![text(&["bug"])], vec![set_kind(Kind::Issue)])];
        let outcome = evaluate(&rules, &facts("bug", "bug"));
        assert_eq!(
            outcome.decisions[0].reasons,
            vec![MatchReason::TextContainsAny {
                word: "bug".to_owned(),
                field: TextField::Subject
            }]
        );
    }

    #[test]
    fn every_kind_of_change_and_reason_renders_in_both_languages() {
        let mut ticket = facts("Printer", "");
        ticket.channel = Channel::Phone;
        ticket.requested_category = Some("printing".to_owned());
        ticket.requester_role = Role::CustomerAdmin;
        ticket.has_valid_contract = false;
        ticket.fields.impact = Some(Impact::High);
        let rules = [rule(
            7,
            1,
            vec![
                Condition::ChannelIs {
                    channels: vec![Channel::Phone],
                },
                Condition::CategoryIs {
                    categories: vec!["printing".to_owned()],
                },
                Condition::OrganizationIs {
                    organization_ids: vec![ORG_A],
                },
                Condition::RequesterRoleIs {
                    roles: vec![Role::CustomerAdmin],
                },
                Condition::HasValidContract { value: false },
            ],
            vec![
                Action::SetCategory {
                    category: "hardware".to_owned(),
                },
                Action::SetImpact { impact: Impact::High },
                Action::SetUrgency {
                    urgency: Urgency::Critical,
                },
                Action::AssignTo { agent_id: AGENT_1 },
                Action::AddInternalNote {
                    body: "Check billing".to_owned(),
                },
                Action::StopProcessing,
            ],
        )];
        let outcome = evaluate(&rules, &ticket);
        let english: Vec<String> = outcome.decisions.iter().map(|d| d.sentence(Language::En)).collect();
        let dutch: Vec<String> = outcome.decisions.iter().map(|d| d.sentence(Language::Nl)).collect();
        let why_en = format!(
            "channel is phone; requested category is 'printing'; organisation is {ORG_A}; \
             requester is a customer admin; has no valid maintenance contract"
        );
        let why_nl = format!(
            "kanaal is telefoon; gevraagde categorie is 'printing'; organisatie is {ORG_A}; \
             aanvrager is een klantbeheerder; heeft geen geldig onderhoudscontract"
        );
        assert_eq!(
            english,
            vec![
                format!("category set to 'hardware' by rule 'rule 7' — {why_en}"),
                format!("impact kept at high by rule 'rule 7' — {why_en}"),
                format!("urgency set to critical by rule 'rule 7' — {why_en}"),
                format!("assignee set to {AGENT_1} by rule 'rule 7' — {why_en}"),
                format!("internal note added by rule 'rule 7' — {why_en}"),
                format!("later rules skipped by rule 'rule 7' — {why_en}"),
            ]
        );
        assert_eq!(
            dutch,
            vec![
                format!("categorie op 'hardware' gezet door regel 'rule 7' — {why_nl}"),
                format!("impact blijft hoog volgens regel 'rule 7' — {why_nl}"),
                format!("urgentie op kritiek gezet door regel 'rule 7' — {why_nl}"),
                format!("behandelaar op {AGENT_1} gezet door regel 'rule 7' — {why_nl}"),
                format!("interne notitie toegevoegd door regel 'rule 7' — {why_nl}"),
                format!("volgende regels overgeslagen door regel 'rule 7' — {why_nl}"),
            ]
        );
        assert_eq!(
            outcome.fields,
            TriageFields {
                kind: Kind::Support,
                category: Some("hardware".to_owned()),
                impact: Some(Impact::High),
                urgency: Some(Urgency::Critical),
                assignee_id: Some(AGENT_1),
            }
        );
        assert_eq!(outcome.internal_notes, vec!["Check billing".to_owned()]);
    }

    #[test]
    fn a_rule_without_conditions_always_fires_and_says_so() {
        let rules = [rule(1, 1, vec![], vec![Action::AssignTo { agent_id: AGENT_2 }])];
        let outcome = evaluate(&rules, &facts("", ""));
        assert_eq!(outcome.fields.assignee_id, Some(AGENT_2));
        assert_eq!(
            outcome.decisions[0].sentence(Language::En),
            format!("assignee set to {AGENT_2} by rule 'rule 1' — the rule has no conditions")
        );
        assert!(outcome.decisions[0]
            .sentence(Language::Nl)
            .ends_with("— de regel heeft geen voorwaarden"));
    }

    #[test]
    fn all_conditions_must_match() {
        let rules = [rule(
            1,
            1,
            vec![
                text(&["bug"]),
                Condition::ChannelIs {
                    channels: vec![Channel::Email],
                },
            ],
            vec![set_kind(Kind::Issue)],
        )];
        let mut ticket = facts("bug", "");
        assert_eq!(evaluate(&rules, &ticket).decisions, vec![]);
        ticket.channel = Channel::Email;
        assert_eq!(evaluate(&rules, &ticket).fields.kind, Kind::Issue);
        ticket.subject = "question".to_owned();
        assert_eq!(evaluate(&rules, &ticket).decisions, vec![]);
    }

    #[test]
    fn each_condition_matches_only_its_values() {
        let ticket = facts("hello", "");
        let fires = |condition: Condition| {
            !evaluate(&[rule(1, 1, vec![condition], vec![set_kind(Kind::Issue)])], &ticket)
                .decisions
                .is_empty()
        };
        assert!(fires(Condition::ChannelIs {
            channels: vec![Channel::Email, Channel::Portal]
        }));
        assert!(!fires(Condition::ChannelIs {
            channels: vec![Channel::Email]
        }));
        assert!(!fires(Condition::CategoryIs {
            categories: vec!["x".to_owned()]
        }));
        assert!(fires(Condition::OrganizationIs {
            organization_ids: vec![ORG_B, ORG_A]
        }));
        assert!(!fires(Condition::OrganizationIs {
            organization_ids: vec![ORG_B]
        }));
        assert!(fires(Condition::RequesterRoleIs {
            roles: vec![Role::Customer]
        }));
        assert!(!fires(Condition::RequesterRoleIs {
            roles: vec![Role::Agent, Role::Admin]
        }));
        assert!(fires(Condition::HasValidContract { value: true }));
        assert!(!fires(Condition::HasValidContract { value: false }));
        assert!(fires(text(&["HELLO"])));
        assert!(!fires(text(&["hell"])));
        let mut no_organization = facts("hello", "");
        no_organization.organization_id = None;
        let rules = [rule(
            1,
            1,
            vec![Condition::OrganizationIs {
                organization_ids: vec![ORG_A],
            }],
            vec![set_kind(Kind::Issue)],
        )];
        assert_eq!(evaluate(&rules, &no_organization).decisions, vec![]);
    }

    #[test]
    fn category_conditions_read_the_requested_category_not_one_set_by_a_rule() {
        let rules = [
            rule(
                1,
                1,
                vec![],
                vec![Action::SetCategory {
                    category: "billing".to_owned(),
                }],
            ),
            rule(
                2,
                2,
                vec![Condition::CategoryIs {
                    categories: vec!["billing".to_owned()],
                }],
                vec![set_kind(Kind::Issue)],
            ),
        ];
        let outcome = evaluate(&rules, &facts("", ""));
        assert_eq!(outcome.fields.category.as_deref(), Some("billing"));
        assert_eq!(outcome.fields.kind, Kind::Support);
        let mut requested = facts("", "");
        requested.requested_category = Some("billing".to_owned());
        assert_eq!(evaluate(&rules, &requested).fields.kind, Kind::Issue);
    }

    #[test]
    fn the_last_rule_setting_a_field_wins_whatever_the_slice_order() {
        let early = rule(1, 10, vec![], vec![set_kind(Kind::ChangeRequest)]);
        let late = rule(2, 20, vec![], vec![set_kind(Kind::Issue)]);
        for rules in [vec![early.clone(), late.clone()], vec![late.clone(), early.clone()]] {
            let outcome = evaluate(&rules, &facts("", ""));
            assert_eq!(outcome.fields.kind, Kind::Issue);
            assert_eq!(fired_rule_ids(&outcome), vec![early.id, late.id]);
        }
    }

    #[test]
    fn equal_positions_run_in_id_order() {
        let first = rule(1, 5, vec![], vec![set_kind(Kind::ChangeRequest)]);
        let second = rule(2, 5, vec![], vec![set_kind(Kind::Issue)]);
        let outcome = evaluate(&[second.clone(), first.clone()], &facts("", ""));
        assert_eq!(fired_rule_ids(&outcome), vec![first.id, second.id]);
        assert_eq!(outcome.fields.kind, Kind::Issue);
    }

    #[test]
    fn stop_processing_ends_triage_after_its_own_rule() {
        let rules = [
            rule(
                1,
                1,
                vec![],
                vec![Action::StopProcessing, set_kind(Kind::ChangeRequest)],
            ),
            rule(2, 2, vec![], vec![set_kind(Kind::Issue)]),
        ];
        let outcome = evaluate(&rules, &facts("", ""));
        assert_eq!(outcome.fields.kind, Kind::ChangeRequest);
        assert_eq!(fired_rule_ids(&outcome), vec![Uuid::from_u128(1)]);
        assert_eq!(outcome.decisions[0].change, Change::StopProcessing);
    }

    #[test]
    fn a_stop_in_a_rule_that_does_not_fire_stops_nothing() {
        let rules = [
            rule(1, 1, vec![text(&["never"])], vec![Action::StopProcessing]),
            rule(2, 2, vec![], vec![set_kind(Kind::Issue)]),
        ];
        assert_eq!(evaluate(&rules, &facts("", "")).fields.kind, Kind::Issue);
    }

    #[test]
    fn a_disabled_rule_never_fires_nor_stops() {
        let mut disabled = rule(
            1,
            1,
            vec![],
            vec![set_kind(Kind::ChangeRequest), Action::StopProcessing],
        );
        disabled.enabled = false;
        let rules = [disabled, rule(2, 2, vec![text(&["bug"])], vec![set_kind(Kind::Issue)])];
        let outcome = evaluate(&rules, &facts("bug", ""));
        assert_eq!(outcome.fields.kind, Kind::Issue);
        assert_eq!(fired_rule_ids(&outcome), vec![Uuid::from_u128(2)]);
    }

    #[test]
    fn no_rules_leave_the_fields_as_they_were() {
        let mut ticket = facts("bug", "");
        ticket.fields = TriageFields {
            kind: Kind::Issue,
            category: Some("x".to_owned()),
            impact: Some(Impact::Low),
            urgency: Some(Urgency::High),
            assignee_id: Some(AGENT_1),
        };
        let outcome = evaluate(&[], &ticket);
        assert_eq!(outcome.fields, ticket.fields);
        assert_eq!(outcome.decisions, vec![]);
        assert_eq!(outcome.internal_notes, Vec::<String>::new());
    }

    #[test]
    fn rule_json_has_type_tags_and_snake_case_values() {
        let rule = Rule {
            id: Uuid::from_u128(0x102),
            name: "Defect words".to_owned(),
            enabled: true,
            position: 20,
            conditions: vec![text(&["bug"]), Condition::HasValidContract { value: true }],
            actions: vec![set_kind(Kind::ChangeRequest), Action::StopProcessing],
        };
        assert_eq!(
            serde_json::to_value(&rule).unwrap(),
            json!({
                "id": "00000000-0000-0000-0000-000000000102",
                "name": "Defect words",
                "enabled": true,
                "position": 20,
                "conditions": [
                    {"type": "text_contains_any", "words": ["bug"]},
                    {"type": "has_valid_contract", "value": true}
                ],
                "actions": [
                    {"type": "set_kind", "kind": "change_request"},
                    {"type": "stop_processing"}
                ]
            })
        );
    }

    #[test]
    fn outcome_json_tags_reasons_and_changes() {
        let outcome = evaluate(&default_rules(), &facts("bug", ""));
        assert_eq!(
            serde_json::to_value(&outcome.decisions[0]).unwrap(),
            json!({
                "rule_id": DEFECT_RULE_ID,
                "rule_name": "Defect words",
                "reasons": [{"condition": "text_contains_any", "word": "bug", "field": "subject"}],
                "change": {"action": "kind", "old": "support", "new": "issue"}
            })
        );
    }

    #[test]
    fn openapi_schemas_describe_the_tagged_shapes() {
        let action = serde_json::to_string(&<Action as utoipa::PartialSchema>::schema()).unwrap();
        for action_type in ACTION_TYPES {
            assert!(action.contains(action_type), "{action_type} missing from {action}");
        }
        let condition = serde_json::to_string(&<Condition as utoipa::PartialSchema>::schema()).unwrap();
        for condition_type in CONDITION_TYPES {
            assert!(
                condition.contains(condition_type),
                "{condition_type} missing from {condition}"
            );
        }
        let mut referenced = Vec::new();
        <TriageOutcome as ToSchema>::schemas(&mut referenced);
        let names: Vec<&str> = referenced.iter().map(|(name, _)| name.as_str()).collect();
        for name in ["TriageFields", "Decision", "Change", "MatchReason"] {
            assert!(names.contains(&name), "{name} not in {names:?}");
        }
    }

    fn valid_body() -> Value {
        json!({
            "name": "Urgent printers",
            "position": 5,
            "conditions": [
                {"type": "text_contains_any", "words": ["printer", "drukt niet af"]},
                {"type": "channel_is", "channels": ["phone"]},
                {"type": "category_is", "categories": ["hardware"]},
                {"type": "organization_is", "organization_ids": [ORG_A]},
                {"type": "requester_role_is", "roles": ["customer_admin"]},
                {"type": "has_valid_contract", "value": false}
            ],
            "actions": [
                {"type": "set_kind", "kind": "issue"},
                {"type": "set_category", "category": "hardware"},
                {"type": "set_impact", "impact": "high"},
                {"type": "set_urgency", "urgency": "critical"},
                {"type": "assign_to", "agent_id": AGENT_1},
                {"type": "add_internal_note", "body": "Printer"},
                {"type": "add_internal_note", "body": "Second note"},
                {"type": "stop_processing"}
            ]
        })
    }

    fn errors_of(body: Value) -> Vec<(String, String)> {
        parse_rule_input(&body)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_owned(), code.to_owned())
    }

    #[test]
    fn a_valid_body_parses_with_defaults() {
        let input = parse_rule_input(&valid_body()).unwrap();
        assert!(input.enabled);
        assert_eq!(input.conditions.len(), 6);
        assert_eq!(input.actions.len(), 8);
        assert_eq!(input.actions[0], set_kind(Kind::Issue));
        let id = Uuid::from_u128(9);
        let rule = Rule::from_input(id, input.clone());
        assert_eq!(rule.id, id);
        assert_eq!(rule.conditions, input.conditions);
        let minimal = json!({"name": "x", "position": 0, "enabled": false, "actions": [{"type": "stop_processing"}]});
        let parsed = parse_rule_input(&minimal).unwrap();
        assert!(!parsed.enabled);
        assert_eq!(parsed.conditions, vec![]);
    }

    #[test]
    fn bad_values_are_reported_by_index_and_field() {
        let mut body = valid_body();
        body["conditions"][0]["words"] = json!([]);
        body["conditions"][1]["channels"] = json!(["fax"]);
        body["actions"][0]["kind"] = json!("bug");
        body["actions"][4]["agent_id"] = json!("not-a-uuid");
        assert_eq!(
            errors_of(body.clone()),
            vec![
                pair("conditions[1].channels", "unknown_variant"),
                pair("actions[0].kind", "unknown_variant"),
                pair("actions[4].agent_id", "invalid_type"),
            ]
        );
        // Once the structure is right, the rule itself is validated.
        body["conditions"][1]["channels"] = json!(["email"]);
        body["actions"][0]["kind"] = json!("issue");
        body["actions"][4]["agent_id"] = json!(AGENT_1);
        assert_eq!(errors_of(body), vec![pair("conditions[0].words", "empty")]);
    }

    #[test]
    fn unknown_types_fields_and_missing_fields_are_reported() {
        let body = json!({
            "name": "x",
            "position": "first",
            "colour": "red",
            "conditions": [
                {"type": "subject_is", "words": ["a"]},
                {"type": "text_contains_any", "word": ["a"]},
                {"words": ["a"]},
                "bug"
            ],
            "actions": [{"type": "set_kind"}, {"type": "stop_processing", "now": true}]
        });
        assert_eq!(
            errors_of(body),
            vec![
                pair("position", "invalid_type"),
                pair("conditions[0].type", "unknown_variant"),
                pair("conditions[1].words", "required"),
                pair("conditions[1].word", "unknown_field"),
                pair("conditions[2].type", "required"),
                pair("conditions[3]", "invalid_type"),
                pair("actions[0].kind", "required"),
                pair("actions[1].now", "unknown_field"),
                pair("colour", "unknown_field"),
            ]
        );
        assert_eq!(
            errors_of(json!({})),
            vec![
                pair("name", "required"),
                pair("position", "required"),
                pair("actions", "required")
            ]
        );
        assert_eq!(errors_of(json!([1])), vec![pair("$", "invalid_type")]);
        assert_eq!(
            errors_of(json!({"name": "x", "position": 1, "actions": {}})),
            vec![pair("actions", "invalid_type")]
        );
    }

    #[test]
    fn error_messages_say_what_is_expected() {
        let mut body = valid_body();
        body["actions"][0]["kind"] = json!("bug");
        body["conditions"][0]["type"] = json!("subject_is");
        let errors = parse_rule_input(&body).unwrap_err();
        assert_eq!(
            errors[0].message,
            "unknown condition type `subject_is`: expected one of text_contains_any, channel_is, category_is, \
             organization_is, requester_role_is, has_valid_contract"
        );
        assert!(
            errors[1].message.contains("unknown variant `bug`"),
            "{}",
            errors[1].message
        );
        assert!(errors[1].message.contains("change_request"), "{}", errors[1].message);
    }

    #[test]
    fn rule_validation_names_every_problem() {
        let input = RuleInput {
            name: "  ".to_owned(),
            enabled: true,
            position: 1,
            conditions: vec![
                text(&["ok", "", "?!"]),
                Condition::ChannelIs { channels: vec![] },
                Condition::CategoryIs { categories: vec![] },
                Condition::CategoryIs {
                    categories: vec![" ".to_owned(), "x".repeat(MAX_CATEGORY_CHARS + 1)],
                },
                Condition::OrganizationIs {
                    organization_ids: vec![],
                },
                Condition::RequesterRoleIs { roles: vec![] },
                Condition::HasValidContract { value: false },
            ],
            actions: vec![
                set_kind(Kind::Issue),
                Action::SetCategory {
                    category: "".to_owned(),
                },
                Action::AddInternalNote { body: " ".to_owned() },
                Action::AddInternalNote {
                    body: "x".repeat(MAX_NOTE_CHARS + 1),
                },
                set_kind(Kind::Support),
                Action::StopProcessing,
                Action::StopProcessing,
            ],
        };
        let found: Vec<(String, String)> = input.validate().into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            found,
            vec![
                pair("name", "required"),
                pair("conditions[0].words[1]", "no_letters"),
                pair("conditions[0].words[2]", "no_letters"),
                pair("conditions[1].channels", "empty"),
                pair("conditions[2].categories", "empty"),
                pair("conditions[3].categories[0]", "required"),
                pair("conditions[3].categories[1]", "length"),
                pair("conditions[4].organization_ids", "empty"),
                pair("conditions[5].roles", "empty"),
                pair("actions[1].category", "required"),
                pair("actions[2].body", "required"),
                pair("actions[3].body", "length"),
                pair("actions[4].type", "duplicate"),
                pair("actions[6].type", "duplicate"),
            ]
        );
        let long_name = RuleInput {
            name: "x".repeat(MAX_NAME_CHARS + 1),
            actions: vec![],
            conditions: vec![],
            ..input
        };
        let found: Vec<(String, String)> = long_name.validate().into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(found, vec![pair("name", "length"), pair("actions", "empty")]);
    }

    #[test]
    fn duplicate_action_errors_point_at_the_first_occurrence() {
        let input = RuleInput {
            name: "x".to_owned(),
            enabled: true,
            position: 0,
            conditions: vec![],
            actions: vec![
                Action::SetImpact { impact: Impact::Low },
                Action::SetImpact { impact: Impact::High },
            ],
        };
        assert_eq!(input.validate()[0].message, "set_impact already appears in actions[0]");
    }

    // ---- property tests ----

    const VOCABULARY: [&str; 8] = [
        "bug",
        "Fout",
        "foutmélding",
        "werkt niet",
        "feature",
        "fouten",
        "hallo",
        "WERKT",
    ];

    fn any_words() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            proptest::sample::select(VOCABULARY.to_vec()).prop_map(str::to_owned),
            1..3,
        )
    }

    fn any_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(VOCABULARY.to_vec()), 0..4).prop_map(|words| words.join(" "))
    }

    fn any_channel() -> impl Strategy<Value = Channel> {
        proptest::sample::select(Channel::ALL.to_vec())
    }

    fn any_role() -> impl Strategy<Value = Role> {
        proptest::sample::select(Role::ALL.to_vec())
    }

    fn any_category() -> impl Strategy<Value = String> {
        proptest::sample::select(vec!["a", "b"]).prop_map(str::to_owned)
    }

    fn any_organization() -> impl Strategy<Value = Uuid> {
        proptest::sample::select(vec![ORG_A, ORG_B])
    }

    fn any_condition() -> impl Strategy<Value = Condition> {
        prop_oneof![
            any_words().prop_map(|words| Condition::TextContainsAny { words }),
            proptest::collection::vec(any_channel(), 1..3).prop_map(|channels| Condition::ChannelIs { channels }),
            proptest::collection::vec(any_category(), 1..2).prop_map(|categories| Condition::CategoryIs { categories }),
            proptest::collection::vec(any_organization(), 1..2)
                .prop_map(|organization_ids| Condition::OrganizationIs { organization_ids }),
            proptest::collection::vec(any_role(), 1..3).prop_map(|roles| Condition::RequesterRoleIs { roles }),
            any::<bool>().prop_map(|value| Condition::HasValidContract { value }),
        ]
    }

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            proptest::sample::select(Kind::ALL.to_vec()).prop_map(|kind| Action::SetKind { kind }),
            any_category().prop_map(|category| Action::SetCategory { category }),
            proptest::sample::select(Impact::ALL.to_vec()).prop_map(|impact| Action::SetImpact { impact }),
            proptest::sample::select(Urgency::ALL.to_vec()).prop_map(|urgency| Action::SetUrgency { urgency }),
            proptest::sample::select(vec![AGENT_1, AGENT_2]).prop_map(|agent_id| Action::AssignTo { agent_id }),
            "[a-z]{1,5}".prop_map(|body| Action::AddInternalNote { body }),
            Just(Action::StopProcessing),
        ]
    }

    fn any_rules() -> impl Strategy<Value = Vec<Rule>> {
        proptest::collection::vec(
            (
                any::<bool>(),
                0..5i32,
                proptest::collection::vec(any_condition(), 0..3),
                proptest::collection::vec(any_action(), 1..4),
            ),
            0..6,
        )
        .prop_map(|rules| {
            rules
                .into_iter()
                .enumerate()
                .map(|(n, (disabled, position, conditions, actions))| Rule {
                    id: Uuid::from_u128(n as u128 + 1),
                    name: format!("rule {n}"),
                    enabled: !disabled,
                    position,
                    conditions,
                    actions,
                })
                .collect()
        })
    }

    fn any_fields() -> impl Strategy<Value = TriageFields> {
        (
            proptest::sample::select(Kind::ALL.to_vec()),
            proptest::option::of(any_category()),
            proptest::option::of(proptest::sample::select(Impact::ALL.to_vec())),
            proptest::option::of(proptest::sample::select(Urgency::ALL.to_vec())),
            proptest::option::of(proptest::sample::select(vec![AGENT_1, AGENT_2])),
        )
            .prop_map(|(kind, category, impact, urgency, assignee_id)| TriageFields {
                kind,
                category,
                impact,
                urgency,
                assignee_id,
            })
    }

    fn any_facts() -> impl Strategy<Value = TicketFacts> {
        (
            any_text(),
            any_text(),
            any_channel(),
            proptest::option::of(any_category()),
            proptest::option::of(any_organization()),
            any_role(),
            any::<bool>(),
            any_fields(),
        )
            .prop_map(
                |(
                    subject,
                    description,
                    channel,
                    requested_category,
                    organization_id,
                    requester_role,
                    has_valid_contract,
                    fields,
                )| {
                    TicketFacts {
                        subject,
                        description,
                        channel,
                        requested_category,
                        organization_id,
                        requester_role,
                        has_valid_contract,
                        fields,
                    }
                },
            )
    }

    /// The fields rebuilt from the input and the decisions alone.
    fn replay(start: &TriageFields, decisions: &[Decision]) -> TriageFields {
        let mut fields = start.clone();
        for decision in decisions {
            match &decision.change {
                Change::Kind { new, .. } => fields.kind = *new,
                Change::Category { new, .. } => fields.category = Some(new.clone()),
                Change::Impact { new, .. } => fields.impact = Some(*new),
                Change::Urgency { new, .. } => fields.urgency = Some(*new),
                Change::Assignee { new, .. } => fields.assignee_id = Some(*new),
                Change::InternalNote { .. } | Change::StopProcessing => {}
            }
        }
        fields
    }

    proptest! {
        #[test]
        fn evaluation_is_deterministic_and_ignores_slice_order(
            rules in any_rules(),
            facts in any_facts(),
            order in Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
        ) {
            let outcome = evaluate(&rules, &facts);
            prop_assert_eq!(&evaluate(&rules, &facts), &outcome);
            let shuffled: Vec<Rule> = order.iter().filter_map(|&i| rules.get(i).cloned()).collect();
            prop_assert_eq!(&evaluate(&shuffled, &facts), &outcome);
        }

        #[test]
        fn evaluation_is_idempotent_on_its_own_output(rules in any_rules(), facts in any_facts()) {
            let first = evaluate(&rules, &facts);
            let again = evaluate(&rules, &TicketFacts { fields: first.fields.clone(), ..facts });
            prop_assert_eq!(&again.fields, &first.fields);
            prop_assert_eq!(&again.internal_notes, &first.internal_notes);
            // The same rules fire for the same reasons and write the same values; only the
            // `old` side of a change can differ.
            let without_old = |outcome: &TriageOutcome| {
                outcome
                    .decisions
                    .iter()
                    .map(|d| {
                        let mut change = serde_json::to_value(&d.change).unwrap();
                        change.as_object_mut().unwrap().remove("old");
                        (d.rule_id, d.reasons.clone(), change)
                    })
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(without_old(&again), without_old(&first));
        }

        #[test]
        fn outcome_fields_are_the_last_write_of_each_field(rules in any_rules(), facts in any_facts()) {
            let outcome = evaluate(&rules, &facts);
            prop_assert_eq!(replay(&facts.fields, &outcome.decisions), outcome.fields);
            let notes: Vec<String> = outcome.decisions.iter().filter_map(|d| match &d.change {
                Change::InternalNote { body } => Some(body.clone()),
                _ => None,
            }).collect();
            prop_assert_eq!(notes, outcome.internal_notes);
        }

        #[test]
        fn disabled_rules_never_fire(rules in any_rules(), facts in any_facts()) {
            let outcome = evaluate(&rules, &facts);
            for decision in &outcome.decisions {
                let fired = rules.iter().find(|r| r.id == decision.rule_id);
                prop_assert!(fired.is_some_and(|r| r.enabled));
            }
            let all_disabled: Vec<Rule> = rules.into_iter().map(|r| Rule { enabled: false, ..r }).collect();
            let untouched = evaluate(&all_disabled, &facts);
            prop_assert_eq!(untouched.fields, facts.fields);
            prop_assert!(untouched.decisions.is_empty());
        }

        #[test]
        fn fired_rules_run_in_order_and_nothing_runs_after_a_stop(rules in any_rules(), facts in any_facts()) {
            let outcome = evaluate(&rules, &facts);
            let fired = fired_rule_ids(&outcome);
            let key = |id: &Uuid| rules.iter().find(|r| r.id == *id).map(|r| (r.position, r.id));
            let keys: Vec<_> = fired.iter().map(key).collect();
            prop_assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
            for (index, id) in fired.iter().enumerate() {
                let stops = rules.iter().any(|r| r.id == *id && r.actions.contains(&Action::StopProcessing));
                if stops {
                    prop_assert_eq!(index, fired.len() - 1);
                }
            }
            // Every enabled rule whose conditions match and that comes before any stop fires.
            let subject = FoldedText::new(&facts.subject);
            let description = FoldedText::new(&facts.description);
            let mut enabled: Vec<&Rule> = rules.iter().filter(|r| r.enabled).collect();
            enabled.sort_by_key(|r| (r.position, r.id));
            let mut expected = Vec::new();
            for rule in enabled {
                if match_rule(rule, &facts, &subject, &description).is_some() {
                    expected.push(rule.id);
                    if rule.actions.contains(&Action::StopProcessing) {
                        break;
                    }
                }
            }
            prop_assert_eq!(fired, expected);
        }

        #[test]
        fn a_rule_that_cannot_match_changes_nothing(
            rules in any_rules(),
            facts in any_facts(),
            position in 0..5i32,
            actions in proptest::collection::vec(any_action(), 1..4),
        ) {
            let other_channels: Vec<Channel> = Channel::ALL.into_iter().filter(|c| *c != facts.channel).collect();
            let mut with_dead_rule = rules.clone();
            with_dead_rule.push(Rule {
                id: Uuid::from_u128(999),
                name: "never".to_owned(),
                enabled: true,
                position,
                conditions: vec![Condition::ChannelIs { channels: other_channels }],
                actions,
            });
            prop_assert_eq!(evaluate(&with_dead_rule, &facts), evaluate(&rules, &facts));
        }

        #[test]
        fn the_later_of_two_firing_rules_sets_the_field(
            facts in any_facts(),
            first_kind in proptest::sample::select(Kind::ALL.to_vec()),
            second_kind in proptest::sample::select(Kind::ALL.to_vec()),
            positions in (0..10i32, 0..10i32),
        ) {
            let first = rule(1, positions.0, vec![], vec![set_kind(first_kind)]);
            let second = rule(2, positions.1, vec![], vec![set_kind(second_kind)]);
            let later_kind = if (positions.1, 2) > (positions.0, 1) { second_kind } else { first_kind };
            prop_assert_eq!(evaluate(&[first, second], &facts).fields.kind, later_kind);
        }

        #[test]
        fn every_valid_rule_survives_json_and_parsing(rules in any_rules()) {
            for rule in rules {
                let json = serde_json::to_value(&rule).unwrap();
                prop_assert_eq!(&serde_json::from_value::<Rule>(json.clone()).unwrap(), &rule);
                let mut body = json;
                if let Some(object) = body.as_object_mut() {
                    object.remove("id");
                }
                let has_duplicate_action = rule.actions.iter().enumerate().any(|(i, a)| {
                    action_type_name(a) != "add_internal_note"
                        && rule.actions[..i].iter().any(|b| action_type_name(b) == action_type_name(a))
                });
                match parse_rule_input(&body) {
                    Ok(input) => prop_assert_eq!(Rule::from_input(rule.id, input), rule),
                    Err(errors) => {
                        prop_assert!(has_duplicate_action, "{:?}", errors);
                        prop_assert!(errors.iter().all(|e| e.code == "duplicate"));
                    }
                }
            }
        }

        #[test]
        fn parsing_never_panics_on_arbitrary_json(body in arbitrary_json()) {
            let _ = parse_rule_input(&body);
        }
    }

    fn arbitrary_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            proptest::sample::select(vec![
                "type",
                "set_kind",
                "issue",
                "words",
                "text_contains_any",
                "",
                "stop_processing"
            ])
            .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(
                    proptest::sample::select(vec![
                        "name",
                        "position",
                        "conditions",
                        "actions",
                        "type",
                        "kind",
                        "words",
                        "body"
                    ])
                    .prop_map(str::to_owned),
                    inner,
                    0..5
                )
                .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }
}
