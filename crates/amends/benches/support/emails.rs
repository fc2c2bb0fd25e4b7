//! Realistic, all-different apology emails for benchmarks.
//!
//! Each email is a complete apology of about 200 words (greeting, apology, what happened,
//! impact, cause, fix, remedy, timeline, prevention, follow-up, sign-off). Every sentence
//! carries something that changes with the email's number — an order number, an amount, a
//! name, a product — so no two emails share a sentence and no cache inside a checker can
//! make the later ones cheaper than the first.

const CUSTOMERS: &[&str] = &[
    "Dana", "Priya", "Tomasz", "Aisha", "Mateo", "Ingrid", "Kwame", "Lucia", "Hiroshi", "Fatima", "Oskar", "Chloe",
    "Ravi", "Sofia", "Emeka", "Hannah", "Diego", "Mei", "Jonas", "Amara",
];
const AGENTS: &[&str] = &["Sam Okafor", "Ines Duarte", "Leo Brandt", "Maya Collins", "Ruth Asante", "Owen Park"];
const PRODUCTS: &[&str] = &[
    "blue wool sweater",
    "espresso machine",
    "standing desk",
    "pair of trail shoes",
    "winter duvet",
    "cast-iron pan",
    "bike helmet",
    "desk lamp",
    "set of kitchen knives",
    "rain jacket",
    "baby monitor",
    "garden hose",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const PLANS: &[&str] = &[
    "a birthday present",
    "a trip to the coast",
    "a family dinner",
    "a house move",
    "a school play",
    "an anniversary",
];

fn pick<'a>(list: &[&'a str], n: u64, salt: u64) -> &'a str {
    list[((n.wrapping_mul(2_654_435_761).wrapping_add(salt * 40_503)) % list.len() as u64) as usize]
}

/// Email number `n`: about 200 words, different from every other number's.
pub fn email(n: u64) -> String {
    let customer = pick(CUSTOMERS, n, 1);
    let agent = pick(AGENTS, n, 2);
    let product = pick(PRODUCTS, n, 3);
    let day = pick(DAYS, n, 4);
    let later_day = pick(DAYS, n, 5);
    let plan = pick(PLANS, n, 6);
    let order = 40_000 + n;
    let pounds = 5 + n % 45;
    let hours = 2 + n % 9;
    format!(
        "Hi {customer},\n\n\
         I'm sorry that your order #{order} arrived without the {product} you paid for. \
         You had planned it for {plan}, and I know our mistake left you with nothing to give on {day}.\n\n\
         This happened because a picker at our warehouse scanned the label for order #{order} twice, \
         so the system marked the {product} as packed when it was still on the shelf. \
         That mistake on order #{order} was ours, not yours and not the courier's.\n\n\
         A replacement {product} left our warehouse this morning by express delivery, \
         and it will reach you by {later_day}, within {hours} working days at most. \
         I have also refunded £{pounds}.00 to your card for the trouble, and you will see it within three days.\n\n\
         To stop this happening again, our packing station now weighs every parcel for order #{order} and others \
         like it, and a parcel that is too light is opened and checked before it leaves.\n\n\
         I will email you on {later_day} to make sure the {product} has arrived. \
         If anything is wrong before then, reply to this email about case {order} and it comes straight to me.\n\n\
         Thank you for telling us about order #{order}, {customer}.\n\n\
         {agent}\nCustomer Care, Brightwell\n"
    )
}

/// The names a per-document dictionary should know for email `n`.
pub fn names(n: u64) -> Vec<String> {
    vec![pick(CUSTOMERS, n, 1).to_owned(), pick(AGENTS, n, 2).to_owned(), "Brightwell".to_owned()]
}
