//! Choice rules: every comparison operator of the ASL, their `...Path` forms, the
//! type tests, and `And`/`Or`/`Not`.

use crate::definition::DefinitionError;
use crate::path::{PathError, ValueRef, Variables};
use chrono::{DateTime, FixedOffset};
use serde_json::Value;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Relation {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(clippy::enum_variant_names)] // the ASL operator names
enum TypeTest {
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Literal(Value),
    Path(ValueRef),
}

#[derive(Debug, Clone, PartialEq)]
enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    Compare {
        variable: ValueRef,
        family: Family,
        relation: Relation,
        operand: Operand,
    },
    Matches {
        variable: ValueRef,
        pattern: String,
    },
    Test {
        variable: ValueRef,
        test: TypeTest,
        expected: bool,
    },
    /// A JSONata rule's `Condition`, a `{% %}` expression that must give true or false.
    Jsonata(Value),
}

/// A top-level Choice rule: a condition and the state it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRule {
    condition: Condition,
    pub next: String,
    /// Variables the rule assigns when it matches.
    pub assign: Option<crate::payload::Template>,
    /// A JSONata rule's `Output`, which replaces the state's when the rule matches.
    pub output: Option<Value>,
}

/// What a condition reads from.
struct Env<'a> {
    input: &'a Value,
    context: &'a Value,
    vars: &'a Variables,
}

impl ValueRef {
    fn read_in(&self, env: &Env) -> Result<Value, PathError> {
        self.read(env.input, env.context, env.vars)
    }
}

fn derr(location: &str, message: impl Into<String>) -> DefinitionError {
    DefinitionError {
        location: location.to_string(),
        message: message.into(),
    }
}

fn comparison(op: &str) -> Option<(Family, Relation, bool)> {
    let (base, is_path) = match op.strip_suffix("Path") {
        Some(b) => (b, true),
        None => (op, false),
    };
    let families = [
        ("String", Family::String),
        ("Numeric", Family::Numeric),
        ("Boolean", Family::Boolean),
        ("Timestamp", Family::Timestamp),
    ];
    let relations = [
        ("Equals", Relation::Equals),
        ("LessThanEquals", Relation::LessThanEquals),
        ("GreaterThanEquals", Relation::GreaterThanEquals),
        ("LessThan", Relation::LessThan),
        ("GreaterThan", Relation::GreaterThan),
    ];
    for (fname, family) in families {
        if let Some(rest) = base.strip_prefix(fname) {
            for (rname, relation) in relations {
                if rest == rname && (family != Family::Boolean || relation == Relation::Equals) {
                    return Some((family, relation, is_path));
                }
            }
        }
    }
    None
}

fn type_test(op: &str) -> Option<TypeTest> {
    Some(match op {
        "IsNull" => TypeTest::IsNull,
        "IsPresent" => TypeTest::IsPresent,
        "IsNumeric" => TypeTest::IsNumeric,
        "IsString" => TypeTest::IsString,
        "IsBoolean" => TypeTest::IsBoolean,
        "IsTimestamp" => TypeTest::IsTimestamp,
        _ => return None,
    })
}

fn parse_condition(value: &Value, location: &str, top: bool) -> Result<Condition, DefinitionError> {
    let obj = value
        .as_object()
        .ok_or_else(|| derr(location, "must be an object"))?;
    let mut operators = Vec::new();
    for key in obj.keys() {
        match key.as_str() {
            "Next" | "Assign" if top => {}
            "Comment" | "Variable" => {}
            "Next" => {
                return Err(derr(
                    &format!("{location}.Next"),
                    "only top-level Choice rules may have \"Next\"",
                ))
            }
            other => operators.push(other.to_string()),
        }
    }
    if operators.len() != 1 {
        return Err(derr(
            location,
            "must have exactly one comparison operator or And/Or/Not",
        ));
    }
    let op = operators.remove(0);
    let field_loc = format!("{location}.{op}");
    let operand = &obj[&op];
    let list = |v: &Value| -> Result<Vec<Condition>, DefinitionError> {
        let arr = v
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| derr(&field_loc, "must be a non-empty array of rules"))?;
        arr.iter()
            .enumerate()
            .map(|(i, c)| parse_condition(c, &format!("{field_loc}[{i}]"), false))
            .collect()
    };
    match op.as_str() {
        "And" => return Ok(Condition::And(list(operand)?)),
        "Or" => return Ok(Condition::Or(list(operand)?)),
        "Not" => {
            return Ok(Condition::Not(Box::new(parse_condition(
                operand, &field_loc, false,
            )?)))
        }
        _ => {}
    }
    let variable = obj.get("Variable").and_then(Value::as_str).ok_or_else(|| {
        derr(
            location,
            "\"Variable\" is required with a comparison operator",
        )
    })?;
    let variable = ValueRef::parse(variable)
        .map_err(|e| derr(&format!("{location}.Variable"), e.to_string()))?;
    if let Some(test) = type_test(&op) {
        let expected = operand
            .as_bool()
            .ok_or_else(|| derr(&field_loc, "must be true or false"))?;
        return Ok(Condition::Test {
            variable,
            test,
            expected,
        });
    }
    if op == "StringMatches" {
        let pattern = operand
            .as_str()
            .ok_or_else(|| derr(&field_loc, "must be a string"))?
            .to_string();
        return Ok(Condition::Matches { variable, pattern });
    }
    let (family, relation, is_path) =
        comparison(&op).ok_or_else(|| derr(&field_loc, "is not a Choice comparison operator"))?;
    let operand = if is_path {
        let s = operand
            .as_str()
            .ok_or_else(|| derr(&field_loc, "must be a path string"))?;
        Operand::Path(ValueRef::parse(s).map_err(|e| derr(&field_loc, e.to_string()))?)
    } else {
        let ok = match family {
            Family::String => operand.is_string(),
            Family::Numeric => operand.is_number(),
            Family::Boolean => operand.is_boolean(),
            Family::Timestamp => operand.as_str().and_then(parse_timestamp).is_some(),
        };
        if !ok {
            return Err(derr(
                &field_loc,
                "has a value of the wrong type for this operator",
            ));
        }
        Operand::Literal(operand.clone())
    };
    Ok(Condition::Compare {
        variable,
        family,
        relation,
        operand,
    })
}

fn parse_timestamp(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

/// Matches `*` as any run of characters; `\*` and `\\` are literal.
pub fn string_matches(text: &str, pattern: &str) -> bool {
    #[derive(PartialEq)]
    enum Tok {
        Star,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => toks.push(Tok::Char(chars.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            other => toks.push(Tok::Char(other)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    let (mut t, mut p) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < toks.len() && toks[p] == Tok::Char(text[t]) {
            t += 1;
            p += 1;
        } else if p < toks.len() && toks[p] == Tok::Star {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    while p < toks.len() && toks[p] == Tok::Star {
        p += 1;
    }
    p == toks.len()
}

impl ChoiceRule {
    /// Parses a top-level rule: JSONPath comparisons, or a JSONata rule's `Condition`
    /// (with its own `Output`).
    pub fn parse(
        value: &Value,
        location: &str,
        jsonata: bool,
    ) -> Result<ChoiceRule, DefinitionError> {
        let mut output = None;
        let condition = if jsonata {
            let obj = value
                .as_object()
                .ok_or_else(|| derr(location, "must be an object"))?;
            crate::definition::check_fields(
                obj,
                &["Condition", "Next", "Assign", "Output", "Comment"],
                location,
            )?;
            let condition = obj.get("Condition").ok_or_else(|| {
                derr(
                    location,
                    "\"Condition\" is required in a JSONata Choice rule",
                )
            })?;
            crate::jsonata::validate_template(condition, &format!("{location}.Condition"))?;
            if let Some(o) = obj.get("Output") {
                crate::jsonata::validate_template(o, &format!("{location}.Output"))?;
                output = Some(o.clone());
            }
            Condition::Jsonata(condition.clone())
        } else {
            parse_condition(value, location, true)?
        };
        let next = value
            .get("Next")
            .and_then(Value::as_str)
            .ok_or_else(|| derr(location, "\"Next\" is required in a top-level Choice rule"))?
            .to_string();
        let assign = match value.get("Assign") {
            Some(a) => Some(crate::definition::compile_assign(
                a,
                &format!("{location}.Assign"),
            )?),
            None => None,
        };
        Ok(ChoiceRule {
            condition,
            next,
            assign,
            output,
        })
    }

    /// Whether the rule reads the context object (`$$...`).
    pub fn reads_context(&self) -> bool {
        fn walk(c: &Condition) -> bool {
            let is_ctx = |r: &ValueRef| matches!(r, ValueRef::Context(_));
            match c {
                Condition::And(items) | Condition::Or(items) => items.iter().any(walk),
                Condition::Not(inner) => walk(inner),
                Condition::Compare {
                    variable, operand, ..
                } => is_ctx(variable) || matches!(operand, Operand::Path(p) if is_ctx(p)),
                Condition::Matches { variable, .. } | Condition::Test { variable, .. } => {
                    is_ctx(variable)
                }
                Condition::Jsonata(_) => false,
            }
        }
        walk(&self.condition)
    }

    /// A JSONata rule's `Condition`; `None` for a JSONPath rule.
    pub fn jsonata_condition(&self) -> Option<&Value> {
        match &self.condition {
            Condition::Jsonata(c) => Some(c),
            _ => None,
        }
    }

    /// Evaluates a JSONPath rule; a missing `Variable` is an error (except for
    /// `IsPresent`). A JSONata rule is evaluated by the executor, with `$states`.
    pub fn matches(
        &self,
        input: &Value,
        context: &Value,
        vars: &Variables,
    ) -> Result<bool, PathError> {
        eval(
            &self.condition,
            &Env {
                input,
                context,
                vars,
            },
        )
    }
}

fn eval(cond: &Condition, input: &Env) -> Result<bool, PathError> {
    match cond {
        Condition::And(items) => {
            for c in items {
                if !eval(c, input)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Or(items) => {
            for c in items {
                if eval(c, input)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Not(c) => Ok(!eval(c, input)?),
        // Only ever a rule's whole condition, and the executor evaluates those itself
        // (`jsonata_condition`), with `$states`.
        Condition::Jsonata(_) => unreachable!("a JSONata Condition is evaluated by the executor"),
        Condition::Test {
            variable,
            test,
            expected,
        } => {
            let value = match variable.read_in(input) {
                Ok(v) => Some(v),
                Err(_) if *test == TypeTest::IsPresent => None,
                Err(e) => return Err(e),
            };
            let actual = match (test, &value) {
                (TypeTest::IsPresent, v) => v.is_some(),
                (_, None) => false,
                (TypeTest::IsNull, Some(v)) => v.is_null(),
                (TypeTest::IsNumeric, Some(v)) => v.is_number(),
                (TypeTest::IsString, Some(v)) => v.is_string(),
                (TypeTest::IsBoolean, Some(v)) => v.is_boolean(),
                (TypeTest::IsTimestamp, Some(v)) => v.as_str().and_then(parse_timestamp).is_some(),
            };
            Ok(actual == *expected)
        }
        Condition::Matches { variable, pattern } => {
            let v = variable.read_in(input)?;
            Ok(v.as_str().is_some_and(|s| string_matches(s, pattern)))
        }
        Condition::Compare {
            variable,
            family,
            relation,
            operand,
        } => {
            let left = variable.read_in(input)?;
            let right = match operand {
                Operand::Literal(v) => v.clone(),
                Operand::Path(p) => p.read_in(input)?,
            };
            let ordering = match family {
                Family::String => match (left.as_str(), right.as_str()) {
                    (Some(a), Some(b)) => Some(a.cmp(b)),
                    _ => None,
                },
                Family::Numeric => match (left.as_f64(), right.as_f64()) {
                    (Some(a), Some(b)) => a.partial_cmp(&b),
                    _ => None,
                },
                Family::Boolean => match (left.as_bool(), right.as_bool()) {
                    (Some(a), Some(b)) => Some(a.cmp(&b)),
                    _ => None,
                },
                Family::Timestamp => match (
                    left.as_str().and_then(parse_timestamp),
                    right.as_str().and_then(parse_timestamp),
                ) {
                    (Some(a), Some(b)) => Some(a.cmp(&b)),
                    _ => None,
                },
            };
            Ok(ordering.is_some_and(|o| match relation {
                Relation::Equals => o == Ordering::Equal,
                Relation::LessThan => o == Ordering::Less,
                Relation::GreaterThan => o == Ordering::Greater,
                Relation::LessThanEquals => o != Ordering::Greater,
                Relation::GreaterThanEquals => o != Ordering::Less,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(rule: Value, input: Value) -> Result<bool, PathError> {
        let mut rule = rule;
        rule["Next"] = json!("X");
        ChoiceRule::parse(&rule, "test", false).unwrap().matches(
            &input,
            &Value::Null,
            &Variables::new(),
        )
    }

    #[test]
    fn comparisons_and_type_tests() {
        let input = json!({"n": 5, "s": "abc", "b": true, "t": "2026-01-01T00:00:00Z", "m": 7});
        assert!(check(
            json!({"Variable": "$.n", "NumericGreaterThan": 4}),
            input.clone()
        )
        .unwrap());
        assert!(!check(
            json!({"Variable": "$.n", "NumericLessThanPath": "$.n"}),
            input.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.n", "NumericLessThanPath": "$.m"}),
            input.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.s", "StringEquals": "abc"}),
            input.clone()
        )
        .unwrap());
        assert!(!check(
            json!({"Variable": "$.n", "StringEquals": "5"}),
            input.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.b", "BooleanEquals": true}),
            input.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.t", "TimestampLessThan": "2026-06-01T00:00:00Z"}),
            input.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Variable": "$.missing", "IsPresent": false}),
            input.clone()
        )
        .unwrap());
        assert!(check(
            json!({"Not": {"Variable": "$.s", "IsNumeric": true}}),
            input.clone()
        )
        .unwrap());
        assert!(check(json!({"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.t", "IsTimestamp": true}]}), input.clone()).unwrap());
        assert!(check(json!({"Variable": "$.missing", "StringEquals": "x"}), input).is_err());
    }

    #[test]
    fn string_matches_wildcards_and_escapes() {
        assert!(string_matches("log-2026.txt", "log-*.txt"));
        assert!(string_matches("a*b", "a\\*b"));
        assert!(!string_matches("axb", "a\\*b"));
        assert!(string_matches("anything", "*"));
        assert!(!string_matches("abc", "*d"));
    }
}
