//! The "audit your AI touchpoints" checklist: common places AI shows up in a
//! small business, each with sensible defaults and a starter checklist.

use super::{risk::RiskRule, Audience, Kind, Policy, Sampling, Settings, Stakes};

pub struct Template {
    pub key: &'static str,
    pub name: &'static str,
    /// One plain sentence shown beside the tick box.
    pub explain: &'static str,
    pub kind: Kind,
    pub audience: Audience,
    pub stakes: Stakes,
    pub policy: Policy,
    pub builtins: &'static [&'static str],
    pub guidelines: &'static str,
    pub checklist: &'static [&'static str],
}

impl Template {
    /// The line the onboarding checklist shows.
    pub fn line(&self) -> model::touchpoint::TemplateLine {
        model::touchpoint::TemplateLine {
            key: self.key.into(),
            name: self.name.into(),
            explain: self.explain.into(),
            stakes: self.stakes,
            policy: self.policy,
        }
    }
}

pub const TEMPLATES: &[Template] = &[
    Template {
        key: "email-replies",
        name: "Customer email replies",
        explain: "An AI drafts or sends answers to customers' emails.",
        kind: Kind::Email, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Gate,
        builtins: &["prices", "promises"],
        guidelines: "Replies answer the customer's actual question, in our friendly tone, with correct facts and prices. Nothing is promised that we have not agreed to.",
        checklist: &["Answers the question that was asked", "Prices, dates and facts are correct", "Friendly and on-brand", "No promises, refunds or discounts we have not agreed", "No other customer's details"],
    },
    Template {
        key: "chatbot",
        name: "Website chatbot",
        explain: "A chat window on your website answers visitors. Live answers can't wait for approval, so they are spot-checked.",
        kind: Kind::Chatbot, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Sample,
        builtins: &["prices", "promises"],
        guidelines: "The bot answers from our real information, says when it does not know, and hands over to a person for complaints, refunds and anything personal.",
        checklist: &["Correct information", "Says \"I don't know\" rather than guessing", "Hands over to a person when it should", "Polite and on-brand", "No made-up offers"],
    },
    Template {
        key: "phone",
        name: "Phone and after-hours answering",
        explain: "An AI voice or message service answers calls or messages when you are closed.",
        kind: Kind::Chatbot, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Sample,
        builtins: &["dates", "promises"],
        guidelines: "The assistant takes accurate messages, gives correct opening hours and never commits us to anything.",
        checklist: &["Message taken down correctly", "Opening hours and details correct", "No commitments made for us", "Urgent matters flagged"],
    },
    Template {
        key: "scheduling",
        name: "Booking and scheduling",
        explain: "An AI books, moves or cancels appointments.",
        kind: Kind::Scheduling, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Both,
        builtins: &["dates"],
        guidelines: "Bookings land on a free slot, for the right service and length, and the customer is told the right time.",
        checklist: &["Slot was free (no double-booking)", "Right service and length", "Time and date confirmed correctly to the customer", "Within opening hours"],
    },
    Template {
        key: "social",
        name: "Social media posts",
        explain: "An AI writes posts for your social media accounts.",
        kind: Kind::Social, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Gate,
        builtins: &["prices", "promises"],
        guidelines: "Posts sound like us, make no claims we cannot back up, and contain nothing that could embarrass the business.",
        checklist: &["Sounds like us", "Facts and offers are true", "Nothing offensive or risky", "Images and links are right"],
    },
    Template {
        key: "marketing",
        name: "Marketing copy",
        explain: "An AI writes newsletters, adverts, product descriptions or web pages.",
        kind: Kind::Marketing, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Gate,
        builtins: &["prices", "promises"],
        guidelines: "Copy is accurate, on-brand and legal: no invented features, prices or guarantees.",
        checklist: &["Features and prices are real", "No guarantees we cannot honour", "On-brand tone", "Spelling and names correct"],
    },
    Template {
        key: "review-replies",
        name: "Replies to online reviews",
        explain: "An AI answers reviews on Google, Facebook or similar sites.",
        kind: Kind::Social, audience: Audience::Customers, stakes: Stakes::High, policy: Policy::Gate,
        builtins: &["promises", "contact"],
        guidelines: "Replies thank the reviewer, stay calm with complaints, and never share personal details or argue in public.",
        checklist: &["Thanks the reviewer", "Calm and professional", "No personal details", "Offers to continue privately when needed"],
    },
    Template {
        key: "finance",
        name: "Invoices and financial projections",
        explain: "An AI prepares invoices, quotes, cash-flow forecasts or bookkeeping entries.",
        kind: Kind::Finance, audience: Audience::Staff, stakes: Stakes::High, policy: Policy::Both,
        builtins: &["prices"],
        guidelines: "Figures add up, match the source records and use the right rates, dates and VAT.",
        checklist: &["Numbers add up", "Matches the source records", "Right rates, dates and tax", "Assumptions are stated"],
    },
    Template {
        key: "internal",
        name: "Internal documents",
        explain: "An AI writes notes, summaries, procedures or other documents only your staff read.",
        kind: Kind::Other, audience: Audience::Staff, stakes: Stakes::Low, policy: Policy::Sample,
        builtins: &[],
        guidelines: "Documents are accurate and clear enough that a colleague could act on them.",
        checklist: &["Accurate", "Clear enough to act on", "Nothing confidential shared too widely"],
    },
];

impl Template {
    pub fn settings(&self) -> Settings {
        Settings {
            name: self.name.to_string(),
            kind: self.kind,
            vendor: String::new(),
            description: self.explain.to_string(),
            audience: self.audience,
            stakes: self.stakes,
            policy: self.policy,
            sampling: Sampling::default(),
            risk_rules: self.builtins.iter().map(|k| RiskRule::Builtin(k.to_string())).collect(),
            guidelines: self.guidelines.to_string(),
            checklist: self.checklist.iter().map(|s| s.to_string()).collect(),
        }
    }
}

pub fn find(key: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::touchpoints::Validate as _;

    #[test]
    fn every_template_is_valid_settings() {
        for t in TEMPLATES {
            let s = t.settings();
            assert_eq!(s.to_input().validate().unwrap(), s, "{}", t.key);
            assert!(!s.checklist.is_empty());
        }
        assert!(find("chatbot").is_some() && find("fax").is_none());
    }
}
