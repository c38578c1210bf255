"""The federation's figures across domains (统计报表): the report page, its workbook, the period rules."""
