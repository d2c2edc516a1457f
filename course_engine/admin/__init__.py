"""Administration: learners, organizations, cohorts, certificates, reports, content status."""
