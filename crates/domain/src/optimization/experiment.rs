//! A/B tests of an optimization: the original page (`control`) against the optimized one
//! (`optimized`), deterministic sticky assignment, and the readout.
//!
//! Assignment: `SHA-256(experimentId ":" visitorId)`, its first 8 bytes as a big-endian
//! `u64`, modulo 10,000, is the visitor's bucket; buckets below `optimizedShare` × 10,000
//! see `optimized`, the rest `control`. The same visitor always gets the same variant, and
//! different experiments split visitors independently.
//!
//! Readout: exposures are each variant's `page_view` events and conversions its goal
//! events (`*_click`, `*_submit`), as the snippet reports them. The sample-ratio-mismatch
//! check is a chi-square test (1 degree of freedom) of the exposures against the planned
//! split, flagged under p = 0.001. The chance to beat control is P(p_optimized >
//! p_control) for Beta(1 + conversions, 1 + exposures − conversions) posteriors, computed
//! exactly (Evan Miller's closed form).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const CONTROL: &str = "control";
pub const OPTIMIZED: &str = "optimized";

/// The p-value under which the exposures' split is called a sample ratio mismatch.
pub const SRM_P_VALUE: f64 = 0.001;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub name: String,
    /// The site version serving it.
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Experiment {
    pub experiment_id: String,
    pub site_id: String,
    pub variants: Vec<Variant>,
    /// Share of visitors who see `optimized`, 0 to 1.
    pub optimized_share: f64,
    pub assignment: String,
    pub started_at: String,
}

/// How assignment works, for the record.
pub const ASSIGNMENT_RULE: &str = "bucket = u64_be(SHA-256(experimentId + \":\" + visitorId)[0..8]) mod 10000; optimized if bucket < optimizedShare * 10000, else control";

/// The variant a visitor sees.
pub fn assign(experiment_id: &str, visitor_id: &str, optimized_share: f64) -> &'static str {
    let digest = Sha256::digest(format!("{experiment_id}:{visitor_id}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let bucket = u64::from_be_bytes(first) % 10_000;
    if (bucket as f64) < optimized_share.clamp(0.0, 1.0) * 10_000.0 {
        OPTIMIZED
    } else {
        CONTROL
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantResult {
    pub name: String,
    pub version: u64,
    pub exposures: u64,
    pub conversions: u64,
    pub conversion_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleRatio {
    pub expected_optimized_share: f64,
    pub observed_optimized_share: Option<f64>,
    pub chi_square: f64,
    pub p_value: f64,
    pub mismatch: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Readout {
    pub variants: Vec<VariantResult>,
    pub sample_ratio: SampleRatio,
    /// P(optimized converts better than control); `None` before any exposure.
    pub chance_to_beat_control: Option<f64>,
}

/// The readout from each variant's (exposures, conversions).
pub fn readout(experiment: &Experiment, counts: &[(String, u64, u64)]) -> Readout {
    let get = |name: &str| {
        counts
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, e, c)| (*e, (*c).min(*e)))
            .unwrap_or((0, 0))
    };
    let variants: Vec<VariantResult> = experiment
        .variants
        .iter()
        .map(|v| {
            let (exposures, conversions) = get(&v.name);
            VariantResult {
                name: v.name.clone(),
                version: v.version,
                exposures,
                conversions,
                conversion_rate: if exposures == 0 {
                    0.0
                } else {
                    conversions as f64 / exposures as f64
                },
            }
        })
        .collect();
    let (control, optimized) = (get(CONTROL), get(OPTIMIZED));
    Readout {
        sample_ratio: sample_ratio(control.0, optimized.0, experiment.optimized_share),
        chance_to_beat_control: (control.0 > 0 && optimized.0 > 0).then(|| {
            chance_to_beat(
                1 + control.1,
                1 + control.0 - control.1,
                1 + optimized.1,
                1 + optimized.0 - optimized.1,
            )
        }),
        variants,
    }
}

/// Chi-square test of the observed split against the planned one.
pub fn sample_ratio(control: u64, optimized: u64, optimized_share: f64) -> SampleRatio {
    let total = (control + optimized) as f64;
    let share = optimized_share.clamp(0.0, 1.0);
    if total == 0.0 || share == 0.0 || share == 1.0 {
        return SampleRatio {
            expected_optimized_share: share,
            observed_optimized_share: (total > 0.0).then(|| optimized as f64 / total),
            chi_square: 0.0,
            p_value: 1.0,
            mismatch: false,
        };
    }
    let expected_o = total * share;
    let expected_c = total - expected_o;
    let chi_square = (optimized as f64 - expected_o).powi(2) / expected_o
        + (control as f64 - expected_c).powi(2) / expected_c;
    // For 1 degree of freedom, P(X > x) = erfc(sqrt(x / 2)).
    let p_value = erfc((chi_square / 2.0).sqrt());
    SampleRatio {
        expected_optimized_share: share,
        observed_optimized_share: Some(optimized as f64 / total),
        chi_square,
        p_value,
        mismatch: p_value < SRM_P_VALUE,
    }
}

/// P(X_B > X_A) for X_A ~ Beta(a_a, b_a) and X_B ~ Beta(a_b, b_b), with integer a_b
/// (Evan Miller, "Formulas for Bayesian A/B Testing").
pub fn chance_to_beat(a_a: u64, b_a: u64, a_b: u64, b_b: u64) -> f64 {
    let (a_a, b_a, b_b) = (a_a as f64, b_a as f64, b_b as f64);
    let mut total = 0.0;
    for i in 0..a_b {
        let i = i as f64;
        total += (ln_beta(a_a + i, b_a + b_b)
            - (b_b + i).ln()
            - ln_beta(1.0 + i, b_b)
            - ln_beta(a_a, b_a))
        .exp();
    }
    total.clamp(0.0, 1.0)
}

fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The complementary error function (Numerical Recipes' erfc, relative error < 1.2e-7).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn experiment(share: f64) -> Experiment {
        Experiment {
            experiment_id: "optimize-1".into(),
            site_id: "s".into(),
            variants: vec![
                Variant {
                    name: CONTROL.into(),
                    version: 1,
                },
                Variant {
                    name: OPTIMIZED.into(),
                    version: 2,
                },
            ],
            optimized_share: share,
            assignment: ASSIGNMENT_RULE.into(),
            started_at: String::new(),
        }
    }

    #[test]
    fn assignment_is_sticky_and_splits_near_the_planned_share() {
        assert_eq!(assign("e", "visitor-1", 0.5), assign("e", "visitor-1", 0.5));
        let optimized = (0..20_000)
            .filter(|i| assign("e", &format!("v{i}"), 0.5) == OPTIMIZED)
            .count();
        // Binomial(20000, 0.5): 5 standard deviations is ±354.
        assert!((9_646..=10_354).contains(&optimized), "{optimized}");
        let tenth = (0..20_000)
            .filter(|i| assign("e", &format!("v{i}"), 0.1) == OPTIMIZED)
            .count();
        assert!((1_800..=2_200).contains(&tenth), "{tenth}");
        assert_eq!(assign("e", "v", 0.0), CONTROL);
        assert_eq!(assign("e", "v", 1.0), OPTIMIZED);
        // A documented, fixed hash: this value must not change between releases.
        let digest = Sha256::digest(b"e:visitor-1");
        let bucket = u64::from_be_bytes(digest[..8].try_into().unwrap()) % 10_000;
        assert_eq!(assign("e", "visitor-1", 0.5) == OPTIMIZED, bucket < 5_000);
    }

    #[test]
    fn sample_ratio_mismatch_is_flagged_only_when_the_split_is_off() {
        assert!(!sample_ratio(5_000, 5_050, 0.5).mismatch);
        let off = sample_ratio(5_000, 5_600, 0.5);
        assert!(off.mismatch, "{off:?}");
        // chi2 = 600^2/5300*... : 33.96, p ≈ 5.6e-9.
        assert!((off.chi_square - 33.962).abs() < 0.01, "{}", off.chi_square);
        // 1 dof: chi2 = 3.841 is p = 0.05.
        assert!((erfc((3.841_f64 / 2.0).sqrt()) - 0.05).abs() < 1e-3);
    }

    #[test]
    fn chance_to_beat_control_matches_known_values() {
        // Equal data: one half.
        assert!((chance_to_beat(11, 91, 11, 91) - 0.5).abs() < 1e-9);
        // 100/1000 against 130/1000: a clear win, about 0.98.
        let p = chance_to_beat(101, 901, 131, 871);
        assert!((0.97..0.995).contains(&p), "{p}");
        // And the mirror image.
        let q = chance_to_beat(131, 871, 101, 901);
        assert!((p + q - 1.0).abs() < 1e-6, "{p} {q}");
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn readout_counts_and_leaves_the_chance_out_before_data() {
        let e = experiment(0.5);
        let empty = readout(&e, &[]);
        assert_eq!(empty.chance_to_beat_control, None);
        assert!(!empty.sample_ratio.mismatch);
        let r = readout(
            &e,
            &[(CONTROL.into(), 1000, 100), (OPTIMIZED.into(), 1000, 130)],
        );
        assert_eq!(r.variants[1].conversions, 130);
        assert!((r.variants[1].conversion_rate - 0.13).abs() < 1e-12);
        assert!(r.chance_to_beat_control.unwrap() > 0.97);
    }
}
