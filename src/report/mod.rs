//! The supervisor report (placeholder while it is written).
