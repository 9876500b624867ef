"""The risk checklist screens: the assessments page, the wizard and its live result panel."""
