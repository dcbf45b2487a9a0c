//! The deployable layout agrees with itself: every step has a Lambda binary under
//! `functions/` named as the state machine's substitutions expect.

use code24_pipeline::Step;
use std::path::Path;

#[test]
fn every_step_has_a_function_binary_with_its_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for step in Step::ALL {
        let dir_name = step
            .function_name()
            .trim_start_matches("code24-")
            .to_string();
        let manifest = root.join("functions").join(&dir_name).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)
            .unwrap_or_else(|_| panic!("no {}", manifest.display()));
        assert!(
            text.contains(&format!("name = \"{}\"", step.function_name())),
            "{} is not named {}",
            manifest.display(),
            step.function_name()
        );
        let main =
            std::fs::read_to_string(root.join("functions").join(&dir_name).join("src/main.rs"))
                .unwrap();
        assert!(
            main.contains(&format!("Step::{}", step.name())),
            "{dir_name} runs another step"
        );
    }
}
